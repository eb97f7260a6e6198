package net.voxedge.edge.metrics;

import java.util.Locale;

/** Why a session ended; one label value of {@code voxedge_sessions_closed_total}. */
public enum CloseReason {
    DELETED,
    CONSENT_EXPIRED,
    CONNECT_TIMEOUT,
    DTLS_FAILED,
    DTLS_CLOSED,
    LIFETIME_EXCEEDED,
    /** The agent behind the session could not take it (e.g. no cluster reachable). */
    AGENT_FAILED,
    SHUTDOWN;

    public final String label = name().toLowerCase(Locale.ROOT);
}
