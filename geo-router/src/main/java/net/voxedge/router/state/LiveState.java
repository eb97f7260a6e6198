package net.voxedge.router.state;

/**
 * The live state the router scores with: PoP health/drain/load, cluster health and measured
 * backbone round trips. The topology module's registry (Consul or in-process) will be adapted to
 * this; {@link InMemoryLiveState} is the stand-alone implementation.
 *
 * <p>Implementations are read on every decision: lookups must be cheap, thread-safe and
 * allocation-free (return stored objects, not new ones).
 */
public interface LiveState {

    /** The state of the PoP with this name; {@link PopState#IDLE} if nothing is known. */
    PopState pop(String popName);

    /** Whether the inference cluster takes new sessions. */
    boolean clusterHealthy(String clusterId);

    /** The measured backbone round trip (ms) from a PoP to a cluster, or NaN if not measured. */
    double backboneRttMs(String popName, String clusterId);
}
