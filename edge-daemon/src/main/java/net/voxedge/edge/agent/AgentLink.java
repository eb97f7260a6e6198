package net.voxedge.edge.agent;

import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.turn.TurnTaker;

/**
 * Connects one edge's sessions to an agent. Every method is called on the session's home event
 * loop, so a link keeps per-session state without locks (in {@link EdgeSession#agentState()}),
 * must not block, and must not keep the byte arrays it is handed: they are the loop's scratch.
 *
 * <p>Agent audio goes the other way through {@link EdgeSession#offerAgentFrame}: a link offers
 * 20 ms Opus frames to the session's pacer, from the home loop (e.g. in {@link #pump}), or from
 * another thread through {@code SessionManager.handAgentFrame} (the home loop's inbox).
 */
public interface AgentLink {

    /**
     * Decides where a new session's agent will run, when its offer is answered: on a signaling
     * thread, before the session exists (so, unlike the other methods, not on a home loop). The
     * result is kept in the session ({@link EdgeSession#placement()}) for {@link #open}.
     *
     * @param requestedCluster the inference cluster a signaling front named (the router's choice),
     *     or null for a client's own offer
     * @return where, or null when the link has no choice to make (a local agent)
     */
    default AgentPlacement place(String requestedCluster) {
        return null;
    }

    /** The session's media is secure: the conversation can start. */
    void open(EdgeSession s, long nowNanos);

    /**
     * One user Opus frame, in arrival order.
     *
     * @param seq the RTP sequence number (16 bits, wrapping)
     * @param rtpTimestamp the RTP timestamp (48 kHz)
     */
    void userAudio(EdgeSession s, byte[] b, int off, int len, int seq, long rtpTimestamp, long nowNanos);

    /**
     * The user's turn changed. On {@link TurnTaker.UserEvent#BARGE_IN} the agent's waiting audio
     * has already been dropped; {@link TurnTaker#cancelledTag()} and
     * {@link TurnTaker#playedMillisAtCancel()} say what to cancel upstream.
     */
    void userTurn(EdgeSession s, TurnTaker.UserEvent event, long nowNanos);

    /**
     * Called every pacing tick (a few ms) while the session is on its loop's pacing list: a chance to
     * offer more audio. A session is on the list from a user turn event, a queued agent frame or
     * {@link #open}, until its pacer is empty and {@link #wantsPump} says false: the tick walks only
     * those sessions, not every session of the loop.
     */
    default void pump(EdgeSession s, long nowNanos) {
    }

    /** Whether {@link #pump} still has work for {@code s} (e.g. a reply not yet offered, a cancel to send). */
    default boolean wantsPump(EdgeSession s) {
        return false;
    }

    /** The session ended; release what the link holds for it. */
    void close(EdgeSession s, CloseReason reason);
}
