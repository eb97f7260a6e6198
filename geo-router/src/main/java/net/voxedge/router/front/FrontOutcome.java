package net.voxedge.router.front;

/** How a {@code POST /v1/calls} at the front ended; {@link #label()} tags {@code voxedge_front_calls_total}. */
public enum FrontOutcome {
    /** 201 from the chosen PoP. */
    ANSWERED("answered"),
    /** The chosen PoP failed; 201 from the backup. */
    ANSWERED_BY_BACKUP("answered_by_backup"),
    /** The edge refused the offer (4xx, e.g. bad SDP): passed through as is. */
    EDGE_REFUSED("edge_refused"),
    /** The client's bearer token was refused at the front: nothing forwarded. */
    UNAUTHORIZED("unauthorized"),
    /** Not an SDP offer, or empty, or too large: nothing forwarded. */
    BAD_REQUEST("bad_request"),
    /** The router found no PoP or no inference cluster (503). */
    NO_ROUTE("no_route"),
    /** The chosen PoP and the backup both failed (503). */
    UNAVAILABLE("unavailable");

    private final String label;

    FrontOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
