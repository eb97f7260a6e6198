package net.voxedge.edge.agent;

import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.turn.AgentAudioPacer;
import net.voxedge.edge.turn.TurnTaker;

/**
 * An agent inside the edge that repeats what the user said: it records the user's Opus frames
 * during a turn and, {@code replyDelayNanos} after the turn ends, plays them back as the agent's
 * reply, feeding the pacer a few frames ahead as a model server would over the backbone.
 *
 * <p>It exists so that the edge's own half of a conversation — pacing, onset detection, barge-in —
 * can be run and tested with a browser and nothing else, and so a PoP can check itself without a
 * cluster. Replaying the client's Opus frames as they came needs no codec.
 *
 * <p>Memory per session is bounded: a turn longer than the recording's capacity is cut (the
 * reply is its beginning).
 */
public final class ParrotAgentLink implements AgentLink {

    private static final long FRAME_TS = 960; // 20 ms at 48 kHz

    private final long replyDelayNanos;
    private final int leadFrames;
    private final int maxFrames;
    private final int maxBytes;

    /**
     * @param replyDelayNanos how long after the user stops the reply starts
     * @param leadFrames how many frames the parrot keeps waiting in the pacer (its lead on real time)
     * @param maxFrames the longest turn it records, in frames
     * @param maxBytes the bytes of Opus it records per turn at most
     */
    public ParrotAgentLink(long replyDelayNanos, int leadFrames, int maxFrames, int maxBytes) {
        this.replyDelayNanos = replyDelayNanos;
        this.leadFrames = leadFrames;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Replies 500 ms after the user stops, 10 frames ahead, turns of up to 15 s. */
    public static ParrotAgentLink withDefaults() {
        return new ParrotAgentLink(500_000_000L, 10, 750, 750 * 200);
    }

    /** One session's recording and reply. */
    private static final class Parrot {
        byte[] audio = new byte[0];
        int[] frameEnd = new int[0];
        int frames;
        int bytes;
        boolean recording;
        long replyAtNanos = Long.MAX_VALUE;
        int replyNext;
        int replyFrames;
        int tag;
    }

    @Override
    public void open(EdgeSession s, long nowNanos) {
        s.agentState(new Parrot());
    }

    @Override
    public void userAudio(EdgeSession s, byte[] b, int off, int len, int seq, long rtpTimestamp, long nowNanos) {
        if (!(s.agentState() instanceof Parrot p) || !p.recording || len <= 0) {
            return;
        }
        if (p.frames == maxFrames || p.bytes + len > maxBytes) {
            return;
        }
        if (p.audio.length < p.bytes + len) {
            p.audio = java.util.Arrays.copyOf(p.audio, Math.min(maxBytes, Math.max(4096, p.audio.length * 2 + len)));
        }
        if (p.frameEnd.length == p.frames) {
            p.frameEnd = java.util.Arrays.copyOf(p.frameEnd, Math.min(maxFrames, Math.max(64, p.frames * 2)));
        }
        System.arraycopy(b, off, p.audio, p.bytes, len);
        p.bytes += len;
        p.frameEnd[p.frames++] = p.bytes;
    }

    @Override
    public void userTurn(EdgeSession s, TurnTaker.UserEvent event, long nowNanos) {
        if (!(s.agentState() instanceof Parrot p)) {
            return;
        }
        switch (event) {
            case USER_STARTED, BARGE_IN -> {
                // A new turn: forget the reply being played (a barge-in already flushed the pacer).
                p.frames = 0;
                p.bytes = 0;
                p.recording = true;
                p.replyAtNanos = Long.MAX_VALUE;
                p.replyFrames = 0;
            }
            case USER_STOPPED -> {
                p.recording = false;
                if (p.frames > 0) {
                    p.replyAtNanos = nowNanos + replyDelayNanos;
                    p.replyNext = 0;
                    p.replyFrames = p.frames;
                    p.tag++;
                }
            }
            case NONE -> {
            }
        }
    }

    @Override
    public void pump(EdgeSession s, long nowNanos) {
        if (!(s.agentState() instanceof Parrot p) || p.replyNext >= p.replyFrames || nowNanos < p.replyAtNanos) {
            return;
        }
        TurnTaker turn = s.turn();
        while (p.replyNext < p.replyFrames && turn.pacer().queuedFrames() < leadFrames) {
            int start = p.replyNext == 0 ? 0 : p.frameEnd[p.replyNext - 1];
            int end = p.frameEnd[p.replyNext];
            AgentAudioPacer.Offer o = s.offerAgentFrame(p.audio, start, end - start, p.replyNext * FRAME_TS, p.tag,
                    nowNanos);
            if (o == AgentAudioPacer.Offer.FULL) {
                return;
            }
            p.replyNext++;
        }
    }

    @Override
    public boolean wantsPump(EdgeSession s) {
        return s.agentState() instanceof Parrot p && p.replyNext < p.replyFrames;
    }

    @Override
    public void close(EdgeSession s, CloseReason reason) {
        s.agentState(null);
    }
}
