package net.voxedge.edge.turn;

/**
 * One session's turn-taking: the user's speech onsets against the agent's paced audio.
 *
 * <p>Barge-in is decided here, on the session's home event loop, from the packet that carries the
 * onset: the agent's waiting audio is dropped before the next frame could be released, so no agent
 * frame goes out after the onset however far away the cluster is. The caller then tells the
 * cluster to cancel the response ({@link #cancelledTag()}, {@link #playedMillisAtCancel()}), which
 * the cluster passes on to the model as a cancel plus a truncation at what the user heard.
 *
 * <p>The agent counts as speaking while its frames wait or play, and for {@code agentTurnGraceNanos}
 * after its last frame arrived: the model may pause between sentences of one reply, and a user
 * who starts talking in that pause is still interrupting it.
 */
public final class TurnTaker {

    /** What a user packet means for the conversation. */
    public enum UserEvent {
        /** Nothing changed. */
        NONE,
        /** The user started speaking while the agent was quiet. */
        USER_STARTED,
        /** The user started speaking over the agent: its audio was dropped; cancel the response. */
        BARGE_IN,
        /** The user stopped speaking. */
        USER_STOPPED
    }

    private final SpeechOnsetDetector onsets;
    private final AgentAudioPacer pacer;
    private final long agentTurnGraceNanos;

    private long lastAgentArrivalNanos;
    private boolean agentArrived;
    private int cancelledTag;
    private long playedMillisAtCancel;
    private int droppedAtCancel;
    private long bargeIns;

    public TurnTaker(SpeechOnsetDetector onsets, AgentAudioPacer pacer, long agentTurnGraceNanos) {
        this.onsets = onsets;
        this.pacer = pacer;
        this.agentTurnGraceNanos = agentTurnGraceNanos;
    }

    /** Default detector and pacer, 600 ms grace between the agent's sentences. */
    public static TurnTaker withDefaults() {
        return new TurnTaker(SpeechOnsetDetector.withDefaults(), AgentAudioPacer.withDefaults(), 600_000_000L);
    }

    /**
     * Feeds one user RTP packet's audio level.
     *
     * @param levelDbov the RFC 6464 level (0..127) or -1 when absent
     */
    public UserEvent onUserPacket(int levelDbov, long nowNanos) {
        SpeechOnsetDetector.Transition t = onsets.onPacket(levelDbov);
        if (t == SpeechOnsetDetector.Transition.OFFSET) {
            return UserEvent.USER_STOPPED;
        }
        if (t != SpeechOnsetDetector.Transition.ONSET) {
            return UserEvent.NONE;
        }
        if (!agentSpeaking(nowNanos)) {
            return UserEvent.USER_STARTED;
        }
        cancelledTag = pacer.currentTag();
        playedMillisAtCancel = pacer.playedMillis(cancelledTag);
        droppedAtCancel = pacer.flush(cancelledTag);
        agentArrived = false;
        bargeIns++;
        return UserEvent.BARGE_IN;
    }

    /** Offers one agent frame from the cluster; see {@link AgentAudioPacer#offer}. */
    public AgentAudioPacer.Offer offerAgentFrame(byte[] b, int off, int len, long mediaTs, int responseTag,
            long nowNanos) {
        AgentAudioPacer.Offer result = pacer.offer(b, off, len, mediaTs, responseTag, nowNanos);
        if (result == AgentAudioPacer.Offer.QUEUED) {
            agentArrived = true;
            lastAgentArrivalNanos = nowNanos;
        }
        return result;
    }

    /** Releases the next agent frame if due; see {@link AgentAudioPacer#poll}. */
    public int pollAgentFrame(long nowNanos, byte[] out, int outOff) {
        return pacer.poll(nowNanos, out, outOff);
    }

    /** True while the agent holds the floor (see the class comment). */
    public boolean agentSpeaking(long nowNanos) {
        return pacer.speaking(nowNanos) || (agentArrived && nowNanos - lastAgentArrivalNanos < agentTurnGraceNanos);
    }

    /** The pacer, for its due time and counters. */
    public AgentAudioPacer pacer() {
        return pacer;
    }

    /** The response the last barge-in cancelled. */
    public int cancelledTag() {
        return cancelledTag;
    }

    /** How much of the cancelled response the user heard, for the model's truncation. */
    public long playedMillisAtCancel() {
        return playedMillisAtCancel;
    }

    /** How many waiting agent frames the last barge-in dropped. */
    public int droppedAtCancel() {
        return droppedAtCancel;
    }

    /** Barge-ins so far. */
    public long bargeIns() {
        return bargeIns;
    }
}
