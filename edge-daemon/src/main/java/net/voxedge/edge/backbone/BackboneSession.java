package net.voxedge.edge.backbone;

/**
 * What the backbone keeps for one session: shared between the session's home media loop (which
 * journals its frames) and the tunnel loop (which forwards them and moves the session between
 * clusters). Fields are grouped by the thread that writes them; the cluster assignment is the one
 * both read, hence volatile.
 */
public final class BackboneSession {
    final long id;
    final String subject;
    /** Index of the OPEN record: failover re-sends the configuration from it. Written before publication. */
    final long openIndex;

    // ---- written on the tunnel loop (failover), read by the home loop for each frame's label ----
    /** Position in the configured cluster list. */
    volatile int cluster;
    /** The journal's number for that cluster (the label written into every frame record). */
    volatile int clusterNumber;
    /** The gateway said the agent side ended (CLOSE from the cluster). */
    volatile boolean agentClosed;

    // ---- tunnel loop only ----
    /** The cluster the session was last handed off from, until the adoption completes; -1 if none. */
    int handedOffFrom = -1;
    /** Where the adoption in progress replays from (a second failover must not start later). */
    long adoptionFrom = -1;

    // ---- home loop only ----
    final ExtendedSequence seq = new ExtendedSequence();
    long frames;
    long bytes;
    long lateFrames;
    long lastRtpTimestamp;
    boolean cancelPending;
    int cancelTag;
    int cancelPlayedMs;

    BackboneSession(long id, String subject, long openIndex, int cluster, int clusterNumber) {
        this.id = id;
        this.subject = subject;
        this.openIndex = openIndex;
        this.cluster = cluster;
        this.clusterNumber = clusterNumber;
    }

    /** The session id (the edge's u64). */
    public long id() {
        return id;
    }

    /** Position in the configured cluster list of the cluster the session is sent to now. */
    public int cluster() {
        return cluster;
    }

    /** True once the cluster closed the agent side. */
    public boolean agentClosed() {
        return agentClosed;
    }

    /** User frames journaled so far (home loop's count; a moment stale elsewhere). */
    public long frames() {
        return frames;
    }
}
