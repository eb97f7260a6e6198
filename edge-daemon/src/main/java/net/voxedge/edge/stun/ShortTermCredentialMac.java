package net.voxedge.edge.stun;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys an HmacSHA1 {@link Mac} for STUN MESSAGE-INTEGRITY under ICE's short-term credential: the key is the
 * password itself (RFC 8489 §9.1.1; RFC 8445 §7.2.2). Strictly the key is the OpaqueString (PRECIS) form of the
 * password, but ICE passwords are restricted to ice-chars (ASCII letters, digits, '+', '/'), for which that form
 * is the UTF-8 bytes unchanged.
 *
 * <p>Keying allocates (a {@link SecretKeySpec} and the Mac's key pads), which is why callers key a Mac once per
 * session or credential change and reuse it for every check; binding requests are not the media path, so an
 * occasional re-key is acceptable.
 */
public final class ShortTermCredentialMac {
    /** The JCA algorithm name of STUN MESSAGE-INTEGRITY. */
    public static final String ALGORITHM = "HmacSHA1";

    private ShortTermCredentialMac() {
    }

    /** A new HmacSHA1 Mac keyed with {@code password}. */
    public static Mac create(String password) {
        Mac mac = newUnkeyed();
        rekey(mac, password);
        return mac;
    }

    /** Re-keys an existing HmacSHA1 Mac with {@code password} (allocates a key object; not for per-packet use). */
    public static void rekey(Mac mac, String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("an ICE password must not be empty");
        }
        try {
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("HmacSHA1 refused the key", e);
        }
    }

    private static Mac newUnkeyed() {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }
}
