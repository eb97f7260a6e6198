package net.voxedge.edge.token;

/**
 * The fields a routing token carries: which PoP and host own a session, the session id, and until when the token
 * is valid. A mutable holder that {@link RoutingTokenCodec#verify} fills in, so that verifying allocates nothing;
 * reuse one per worker thread.
 */
public final class RoutingToken {
    private int keyId;
    private int popId;
    private int hostId;
    private long sessionId;
    private long expiresAtEpochSeconds;

    /** An empty holder (all fields zero). */
    public RoutingToken() {
    }

    /** The key id (0..15) the token was minted under. */
    public int keyId() {
        return keyId;
    }

    /** The PoP that owns the session, 0..65535. */
    public int popId() {
        return popId;
    }

    /** The host within the PoP that owns the session, 0..255. */
    public int hostId() {
        return hostId;
    }

    /** The session id, opaque to the token. */
    public long sessionId() {
        return sessionId;
    }

    /** Unix time in seconds at and after which the token is expired, 0..2^32-1. */
    public long expiresAtEpochSeconds() {
        return expiresAtEpochSeconds;
    }

    void set(int keyId, int popId, int hostId, long sessionId, long expiresAtEpochSeconds) {
        this.keyId = keyId;
        this.popId = popId;
        this.hostId = hostId;
        this.sessionId = sessionId;
        this.expiresAtEpochSeconds = expiresAtEpochSeconds;
    }

    void clear() {
        set(0, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "RoutingToken[key=" + keyId + ", pop=" + popId + ", host=" + hostId + ", session="
                + Long.toUnsignedString(sessionId, 16) + ", expires=" + expiresAtEpochSeconds + "]";
    }
}
