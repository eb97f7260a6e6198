package net.voxedge.edge.srtp;

import java.util.HexFormat;

/** Test packets and keys shared by the SRTP tests. */
final class SrtpFixtures {

    /** RFC 3711 Appendix B.3 master key and salt (also libsrtp's default test key). */
    static final byte[] CM_MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    static final byte[] CM_MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
    /** libsrtp's AES-GCM test key (srtp_driver.c, srtp_validate_gcm). */
    static final byte[] GCM_MASTER_KEY = hex("000102030405060708090a0b0c0d0e0f");
    static final byte[] GCM_MASTER_SALT = hex("a0a1a2a3a4a5a6a7a8a9aaab");

    static final int SSRC = 0x1234_5678;

    private SrtpFixtures() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }

    /** A master key and salt of the right lengths for {@code profile}, different per {@code seed}. */
    static byte[][] masterKeys(SrtpProfile profile, int seed) {
        byte[] key = new byte[profile.masterKeyLength()];
        byte[] salt = new byte[profile.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (seed * 17 + i * 13 + 1);
        }
        return new byte[][] {key, salt};
    }

    static SrtpContext context(SrtpProfile profile) {
        byte[][] k = masterKeys(profile, 1);
        return new SrtpContext(profile, k[0], k[1]);
    }

    /**
     * An RTP packet with a 12-byte header, {@code payloadLen} payload bytes derived from
     * {@code seq}, in an array with {@code spare} bytes after it.
     */
    static byte[] rtp(int seq, int ssrc, int payloadLen, int spare) {
        byte[] p = new byte[12 + payloadLen + spare];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 0; i < payloadLen; i++) {
            p[12 + i] = (byte) (seq + i * 3);
        }
        return p;
    }

    /** A receiver report from {@code ssrc} with one report block, {@code spare} bytes after it. */
    static byte[] rtcp(int ssrc, int spare) {
        byte[] p = new byte[32 + spare];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[3] = 7;
        p[4] = (byte) (ssrc >>> 24);
        p[5] = (byte) (ssrc >>> 16);
        p[6] = (byte) (ssrc >>> 8);
        p[7] = (byte) ssrc;
        for (int i = 8; i < 32; i++) {
            p[i] = (byte) (i * 5);
        }
        return p;
    }
}
