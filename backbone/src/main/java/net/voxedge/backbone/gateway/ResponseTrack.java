package net.voxedge.backbone.gateway;

/**
 * What a session remembers about one model response it tagged: the model's ids (for a cancel),
 * the response's playout clock (for pacing) and whether it was cancelled. Reused in a ring.
 */
final class ResponseTrack {
    int tag;
    String responseId;
    /** The output item the latest frame belonged to. */
    String itemId;
    /** Where that item starts within the response, ms (0 unless the response has several items). */
    long itemStartMs;
    /** Frames of the response seen so far: the index the next frame gets. */
    int frames;
    /** When frame 0 plays, on the gateway's clock; frame k plays at start + k·20 ms. */
    long startNanos;
    boolean cancelled;

    void reset(int tag, String responseId, long startNanos) {
        this.tag = tag;
        this.responseId = responseId;
        this.itemId = null;
        this.itemStartMs = 0;
        this.frames = 0;
        this.startNanos = startNanos;
        this.cancelled = false;
    }

    /** When the response's last frame seen so far has finished playing. */
    long endNanos() {
        return startNanos + frames * PacingSettings.FRAME_NANOS;
    }
}
