package net.voxedge.edge.srtp;

import java.util.Optional;

/**
 * The DTLS-SRTP protection profiles we implement, with their IANA ids (RFC 5764 §4.1.2,
 * RFC 7714 §14.2) and the lengths that follow from them.
 *
 * <p>The master key and salt lengths are what the DTLS exporter must deliver per direction; the
 * session keys derived from them have the same cipher key and salt lengths.
 */
public enum SrtpProfile {
    /** The mandatory-to-implement profile: AES-128 counter mode, 80-bit HMAC-SHA1 tag. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10, 10, false),
    /**
     * As above with a 32-bit SRTP tag; SRTCP keeps the 80-bit tag (RFC 5764 §4.1.2), because
     * a short tag on control packets buys little bandwidth for a lot of forgery risk.
     */
    AES128_CM_HMAC_SHA1_32(0x0002, 16, 14, 4, 10, false),
    /** AEAD AES-128-GCM with a 128-bit tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16, true),
    /** AEAD AES-256-GCM with a 128-bit tag (RFC 7714). */
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, 16, true);

    /** HMAC-SHA1 session authentication key length (RFC 3711 §8.2: n_a = 160 bits). */
    static final int HMAC_SHA1_KEY_LENGTH = 20;

    private static final SrtpProfile[] VALUES = values();

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int rtpAuthTagLength;
    private final int rtcpAuthTagLength;
    private final boolean aead;

    SrtpProfile(int id, int masterKeyLength, int masterSaltLength, int rtpAuthTagLength,
                int rtcpAuthTagLength, boolean aead) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.rtpAuthTagLength = rtpAuthTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
        this.aead = aead;
    }

    /** The IANA "DTLS-SRTP Protection Profile" id, as carried in the use_srtp extension. */
    public int id() {
        return id;
    }

    /** Master key length in bytes (also the session cipher key length). */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** Master salt length in bytes (also the session salt length). */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes an SRTP packet grows by when protected (the authentication tag; no MKI). */
    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    /** Length of the SRTCP authentication tag in bytes (the 4-byte E||index word is extra). */
    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** True for the AES-GCM profiles, whose tag comes from the cipher itself. */
    public boolean isAead() {
        return aead;
    }

    /** Bytes to export from DTLS: client and server master key and salt (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** Session authentication key length: 20 for HMAC-SHA1, 0 for AEAD profiles. */
    int authKeyLength() {
        return aead ? 0 : HMAC_SHA1_KEY_LENGTH;
    }

    /** The profile with this IANA id, or empty for ids we do not implement. */
    public static Optional<SrtpProfile> fromId(int id) {
        for (SrtpProfile p : VALUES) {
            if (p.id == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
