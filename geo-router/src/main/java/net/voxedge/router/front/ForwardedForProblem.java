package net.voxedge.router.front;

/** Why a trusted proxy's {@code X-Forwarded-For} was not used; {@link #label()} is the metrics tag. */
public enum ForwardedForProblem {
    NONE("none"),
    /** An entry the walk reached is not an address (optionally with a port). */
    MALFORMED("malformed"),
    /** More than {@link ClientAddressResolver#MAX_HOPS} trusted hops: a loop or a hostile chain. */
    TOO_MANY_HOPS("too_many_hops");

    private final String label;

    ForwardedForProblem(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
