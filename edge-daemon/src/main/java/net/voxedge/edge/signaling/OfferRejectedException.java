package net.voxedge.edge.signaling;

/** An offer the edge will not serve; becomes an HTTP error whose body is {@link #getMessage()}. */
public final class OfferRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;

    public OfferRejectedException(int httpStatus, String reason) {
        super(reason);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
