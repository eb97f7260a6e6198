package net.voxedge.edge.crypto;

/**
 * HMAC-SHA1 (RFC 2104, 20-byte tag) without per-message allocation: SRTP's AES-CM authentication (RFC 3711 §4.2)
 * and STUN MESSAGE-INTEGRITY (RFC 8489 §14.5). See {@link Hmac} for why it is not {@code javax.crypto.Mac}.
 */
public final class HmacSha1 extends Hmac {
    /** Tag length in bytes. */
    public static final int MAC_LENGTH = 20;
    private static final int BLOCK_LENGTH = 64;

    /** Keyed with all of {@code key}. */
    public HmacSha1(byte[] key) {
        this(key, 0, key.length);
    }

    /** Keyed with {@code key[off, off+len)}. */
    public HmacSha1(byte[] key, int off, int len) {
        super("SHA-1", BLOCK_LENGTH, MAC_LENGTH, key, off, len);
    }
}
