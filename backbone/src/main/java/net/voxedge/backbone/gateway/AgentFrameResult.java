package net.voxedge.backbone.gateway;

/** What became of an agent frame; the {@code result} tag of {@code voxedge_gateway_agent_frames_total}. */
public enum AgentFrameResult {
    /** Sent to the edge. */
    SENT("sent"),
    /** Held past its send time by more than the staleness (the gateway stalled): not sent. */
    SKIPPED_STALE("skipped_stale"),
    /** The session's queue was full (the model ran far ahead): the oldest frame was dropped. */
    DROPPED_OVERRUN("dropped_overrun"),
    /** Its response was cancelled (barge-in): dropped from the queue or on arrival. */
    CANCELLED("cancelled"),
    /** The tunnel link refused it (no key, stream table full). */
    REFUSED("refused");

    private final String tag;

    AgentFrameResult(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    public String tag() {
        return tag;
    }
}
