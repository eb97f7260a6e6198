package net.voxedge.router.state;

/**
 * What the router needs to know about a PoP right now.
 *
 * @param healthy  passing its health checks
 * @param draining being emptied for maintenance: takes no new sessions
 * @param load     share of its capacity in use (sessions / capacity); 1.0 = full
 */
public record PopState(boolean healthy, boolean draining, double load) {

    /** A healthy, idle PoP: what a PoP is before anyone has reported on it. */
    public static final PopState IDLE = new PopState(true, false, 0.0);

    public PopState {
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("load must be a finite number >= 0 (got " + load + ")");
        }
    }
}
