package net.voxedge.edge.stun;

import java.nio.charset.StandardCharsets;
import net.voxedge.edge.crypto.HmacSha1;

/**
 * Keys an {@link HmacSha1} for STUN MESSAGE-INTEGRITY under ICE's short-term credential: the key is the
 * password itself (RFC 8489 §9.1.1; RFC 8445 §7.2.2). Strictly the key is the OpaqueString (PRECIS) form of the
 * password, but ICE passwords are restricted to ice-chars (ASCII letters, digits, '+', '/'), for which that form
 * is the UTF-8 bytes unchanged.
 *
 * <p>Keying allocates (the password's bytes; creating also the HMAC's pads and digest), which is why callers key
 * once per session or credential change and reuse the HMAC for every check; checking and signing then allocate
 * nothing.
 */
public final class ShortTermCredentialMac {
    private ShortTermCredentialMac() {
    }

    /** A new HMAC-SHA1 keyed with {@code password}. */
    public static HmacSha1 create(String password) {
        return new HmacSha1(passwordBytes(password));
    }

    /** Re-keys an existing HMAC-SHA1 with {@code password} (allocates the password's bytes). */
    public static void rekey(HmacSha1 mac, String password) {
        mac.rekey(passwordBytes(password));
    }

    private static byte[] passwordBytes(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("an ICE password must not be empty");
        }
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
