package net.voxedge.edge.crypto;

/**
 * HMAC-SHA256 (RFC 2104, 32-byte tag) without per-message allocation: the routing token's MAC. See {@link Hmac} for
 * why it is not {@code javax.crypto.Mac}.
 */
public final class HmacSha256 extends Hmac {
    /** Tag length in bytes. */
    public static final int MAC_LENGTH = 32;
    private static final int BLOCK_LENGTH = 64;

    /** Keyed with all of {@code key}. */
    public HmacSha256(byte[] key) {
        this(key, 0, key.length);
    }

    /** Keyed with {@code key[off, off+len)}. */
    public HmacSha256(byte[] key, int off, int len) {
        super("SHA-256", BLOCK_LENGTH, MAC_LENGTH, key, off, len);
    }
}
