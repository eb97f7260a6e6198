package net.voxedge.edge.sdp;

/**
 * An offer this server cannot accept. The message names the problem in words a developer can act
 * on; signaling returns it as the body of a 400 response.
 */
public final class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    /** A problem with the offer as a whole. */
    public SdpException(String message) {
        this(message, -1);
    }

    /** A problem found on a given (1-based) line; the message should already name the line. */
    public SdpException(String message, int line) {
        super(message, null, false, false);
        this.line = line;
    }

    /** A rejection standing in for an unexpected failure of the parser itself. */
    SdpException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.line = -1;
    }

    /** The 1-based line the problem is on, or -1 when it is about the offer as a whole. */
    public int line() {
        return line;
    }
}
