package net.voxedge.edge.srtp;

import static net.voxedge.edge.srtp.SrtpFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 7714 §16 (SRTP) and §17 (SRTCP) test vectors, which start from session keys. */
class Rfc7714VectorsTest {

    private static final byte[] KEY_128 = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_256 = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] SALT = hex("517569642070726f2071756f");

    private static final byte[] RTP = hex("""
            8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472 6573""");
    private static final byte[] SRTP_128 = hex("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce""");
    private static final byte[] SRTP_256 = hex("""
            8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238
            9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13""");

    private static final byte[] RTCP = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef""");
    private static final int RTCP_SSRC = 0x4d617273;
    private static final int RTCP_INDEX = 0x5d4;
    private static final byte[] SRTCP_128 = hex("""
            81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");
    private static final byte[] SRTCP_256 = hex("""
            81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c
            b26ac3be 800005d4""");
    private static final byte[] SRTCP_128_TAG_ONLY = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790
            125f62b3 000005d4""");
    private static final byte[] SRTCP_256_TAG_ONLY = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef 91db4afb feee5a97 8fab4393
            ed2615fe 000005d4""");

    private static SrtpContext context(SrtpProfile profile, byte[] key) {
        return new SrtpContext(profile, new AesGcmPacketCipher(key, SALT), new AesGcmPacketCipher(key, SALT));
    }

    private static byte[] withSpare(byte[] packet, int spare) {
        return Arrays.copyOf(packet, packet.length + spare);
    }

    @Test
    void section16_1_srtpEncrypt128() {
        byte[] buf = withSpare(RTP, 16);
        int n = context(SrtpProfile.AEAD_AES_128_GCM, KEY_128).protectRtp(buf, 0, RTP.length);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(SRTP_128);
    }

    @Test
    void section16_1_srtpDecrypt128() {
        byte[] buf = SRTP_128.clone();
        int n = context(SrtpProfile.AEAD_AES_128_GCM, KEY_128).unprotectRtp(buf, 0, buf.length);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RTP);
    }

    @Test
    void section16_2_srtpEncryptAndDecrypt256() {
        byte[] buf = withSpare(RTP, 16);
        int n = context(SrtpProfile.AEAD_AES_256_GCM, KEY_256).protectRtp(buf, 0, RTP.length);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(SRTP_256);

        byte[] wire = SRTP_256.clone();
        int m = context(SrtpProfile.AEAD_AES_256_GCM, KEY_256).unprotectRtp(wire, 0, wire.length);
        assertThat(Arrays.copyOf(wire, m)).isEqualTo(RTP);
    }

    @Test
    void section17_1_srtcpEncrypt128() throws GeneralSecurityException {
        byte[] buf = withSpare(RTCP, 20);
        int n = new AesGcmPacketCipher(KEY_128, SALT).sealRtcp(buf, 0, RTCP.length, RTCP_SSRC, RTCP_INDEX, true);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(SRTCP_128);
    }

    @Test
    void section17_1_srtcpDecrypt128ThroughTheContext() {
        byte[] buf = SRTCP_128.clone();
        int n = context(SrtpProfile.AEAD_AES_128_GCM, KEY_128).unprotectRtcp(buf, 0, buf.length);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RTCP);
    }

    @Test
    void section17_2_srtcpDecrypt256() {
        byte[] buf = SRTCP_256.clone();
        int n = context(SrtpProfile.AEAD_AES_256_GCM, KEY_256).unprotectRtcp(buf, 0, buf.length);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RTCP);
    }

    @Test
    void section17_3_srtcpTagOnly128() throws GeneralSecurityException {
        byte[] buf = withSpare(RTCP, 20);
        int n = new AesGcmPacketCipher(KEY_128, SALT).sealRtcp(buf, 0, RTCP.length, RTCP_SSRC, RTCP_INDEX, false);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(SRTCP_128_TAG_ONLY);

        byte[] wire = SRTCP_128_TAG_ONLY.clone();
        int m = context(SrtpProfile.AEAD_AES_128_GCM, KEY_128).unprotectRtcp(wire, 0, wire.length);
        assertThat(Arrays.copyOf(wire, m)).isEqualTo(RTCP);
    }

    @Test
    void section17_4_srtcpTagOnlyVerify256() {
        byte[] wire = SRTCP_256_TAG_ONLY.clone();
        int n = context(SrtpProfile.AEAD_AES_256_GCM, KEY_256).unprotectRtcp(wire, 0, wire.length);
        assertThat(Arrays.copyOf(wire, n)).isEqualTo(RTCP);
    }

    @Test
    void tagOnlyPacketWithAlteredPayloadFails() {
        byte[] wire = SRTCP_128_TAG_ONLY.clone();
        wire[20] ^= 0x01;
        int n = context(SrtpProfile.AEAD_AES_128_GCM, KEY_128).unprotectRtcp(wire, 0, wire.length);
        assertThat(n).isEqualTo(SrtpError.AUTH_FAILED.code());
    }
}
