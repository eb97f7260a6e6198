/**
 * Turn-taking at the edge, sans-IO: pacing the agent's audio out in real time and stopping it
 * the instant the user speaks over it (barge-in), without waiting for the backbone round trip.
 *
 * <p>{@link net.voxedge.edge.turn.SpeechOnsetDetector} turns the user's per-packet RFC 6464
 * audio levels into onset/offset events; {@link net.voxedge.edge.turn.AgentAudioPacer} holds the
 * agent's 20 ms Opus frames and releases one per frame time; {@link net.voxedge.edge.turn.TurnTaker}
 * joins the two on a session's home event loop and says when to tell the cluster to cancel.
 * Time is always passed in; nothing here allocates per packet.
 */
package net.voxedge.edge.turn;
