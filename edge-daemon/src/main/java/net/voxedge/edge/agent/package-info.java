/**
 * What sits behind a session's media: the agent the user talks to. {@link net.voxedge.edge.agent.AgentLink}
 * is the seam — the media worker hands it the user's Opus frames and turn events on the session's
 * home event loop, and it offers agent frames back into the session's pacer. The backbone tunnel
 * to an inference cluster is one link; {@link net.voxedge.edge.agent.ParrotAgentLink} is a local
 * one that needs no cluster (demos, tests, and a PoP's self-check).
 */
package net.voxedge.edge.agent;
