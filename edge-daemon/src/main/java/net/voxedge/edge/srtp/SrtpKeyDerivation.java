package net.voxedge.edge.srtp;

import java.security.GeneralSecurityException;

/**
 * The SRTP key derivation function (RFC 3711 §4.3) with key_derivation_rate 0, the only rate
 * DTLS-SRTP uses: session key = AES-CM keystream under the master key, with IV
 * {@code (master_salt XOR (label || 0^48)) * 2^16}. RFC 7714 §11 reuses it for AES-GCM; its 96-bit
 * master salt is padded with zeros on the right to the 112 bits the KDF takes (as libsrtp does).
 */
final class SrtpKeyDerivation {

    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    /** The KDF's salt input width: 112 bits. */
    private static final int KDF_SALT_LENGTH = 14;
    /** Where the label byte lands: just left of the 48-bit (index DIV kdr) field. */
    private static final int LABEL_POSITION = KDF_SALT_LENGTH - 7;

    private final AesCounterKeystream prf;
    private final byte[] masterSalt;

    SrtpKeyDerivation(byte[] masterKey, byte[] masterSalt) {
        if (masterSalt.length > KDF_SALT_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        this.prf = new AesCounterKeystream(masterKey);
        this.masterSalt = masterSalt.clone();
    }

    /** Derives {@code length} bytes of session key material for {@code label}. */
    byte[] derive(int label, int length) {
        byte[] iv = new byte[AesCounterKeystream.BLOCK];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[LABEL_POSITION] ^= (byte) label;
        byte[] out = new byte[length];
        try {
            prf.xor(iv, out, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP key derivation failed", e);
        }
        return out;
    }
}
