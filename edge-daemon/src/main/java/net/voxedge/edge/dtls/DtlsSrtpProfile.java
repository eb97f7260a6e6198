package net.voxedge.edge.dtls;

/**
 * The SRTP protection profiles a DTLS-SRTP handshake can negotiate (IANA "DTLS-SRTP Protection
 * Profiles" registry), with the key and salt lengths that size the exported keying material.
 *
 * <p>RFC 5764 section 4.2: the exporter yields client key, server key, client salt, server salt,
 * so the material is {@code 2 * (keyLength + saltLength)} bytes long.
 */
public enum DtlsSrtpProfile {
    /** RFC 5764; the profile every WebRTC endpoint must implement. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14),
    /** RFC 5764; 32-bit tag, only for RTP (RTCP still uses an 80-bit tag). */
    AES128_CM_HMAC_SHA1_32(0x0002, 16, 14),
    /** RFC 7714; preferred by current browsers. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** RFC 7714. */
    AEAD_AES_256_GCM(0x0008, 32, 12);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    DtlsSrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The IANA identifier carried in the use_srtp extension. */
    public int id() {
        return id;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Length of the {@code EXTRACTOR-dtls_srtp} output for this profile. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this IANA id, or {@code null} if we do not implement it. */
    public static DtlsSrtpProfile fromId(int id) {
        for (DtlsSrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
