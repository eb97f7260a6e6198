package net.voxedge.backbone.adapter;

/** How a model response ended ({@code response.done}'s {@code response.status}). */
public enum ResponseStatus {
    COMPLETED("completed"),
    CANCELLED("cancelled"),
    /** failed, incomplete, or a status voxedge does not know. */
    FAILED("failed");

    private final String wireName;

    ResponseStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status string on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The status for a wire string; anything unknown (or null) is {@link #FAILED}. */
    public static ResponseStatus of(String wireName) {
        if ("completed".equals(wireName)) {
            return COMPLETED;
        }
        return "cancelled".equals(wireName) ? CANCELLED : FAILED;
    }
}
