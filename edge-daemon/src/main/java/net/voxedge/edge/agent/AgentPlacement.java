package net.voxedge.edge.agent;

/**
 * Where a new session's agent runs, decided by its {@link AgentLink} when the offer is answered
 * (before any media), and kept in the session until the media starts.
 *
 * @param name what people are told: the inference cluster's id, in the session's log line and the
 *     answer's {@code X-Voxedge-Cluster} header
 * @param slot the link's own handle for the place (the backbone's position in {@code backbone.clusters})
 * @param why how the place was chosen, in words, for the session's log line (e.g. "the router's choice")
 */
public record AgentPlacement(String name, int slot, String why) {
}
