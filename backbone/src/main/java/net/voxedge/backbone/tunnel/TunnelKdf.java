package net.voxedge.backbone.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

/** HKDF-SHA256 (RFC 5869) through JCA's {@code javax.crypto.KDF}, and the tunnel's key schedule on top. */
public final class TunnelKdf {
    /** HKDF salt of every tunnel key: a protocol label, so tunnel keys differ from any other use of a secret. */
    static final byte[] SALT = "voxedge-tunnel-v1".getBytes(StandardCharsets.US_ASCII);
    /** AES-128 key plus 96-bit nonce base. */
    static final int KEY_LENGTH = 16;
    static final int IV_LENGTH = 12;

    private TunnelKdf() {
    }

    /** HKDF extract-then-expand. */
    public static byte[] hkdfSha256(byte[] salt, byte[] ikm, byte[] info, int length) {
        try {
            KDF kdf = KDF.getInstance("HKDF-SHA256");
            return kdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).thenExpand(info, length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is not available in this JDK", e);
        }
    }

    /**
     * Key and nonce base (16 + 12 bytes) for one direction of one link and key id:
     * HKDF(salt = "voxedge-tunnel-v1", IKM = secret, info = "voxedge-tunnel-v1 " + direction
     * ("e2c" or "c2e") + link id u32 + key id u8).
     */
    public static byte[] directionKeyMaterial(byte[] secret, String direction, int linkId, int keyId) {
        byte[] label = ("voxedge-tunnel-v1 " + direction).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[label.length + 5];
        System.arraycopy(label, 0, info, 0, label.length);
        WireFormat.put32(info, label.length, linkId);
        info[label.length + 4] = (byte) keyId;
        return hkdfSha256(SALT, secret, info, KEY_LENGTH + IV_LENGTH);
    }
}
