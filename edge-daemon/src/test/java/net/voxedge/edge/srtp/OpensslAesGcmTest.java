package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenSSL's AES-GCM through FFM must give exactly the JDK's bytes: RFC 7714's SRTP vector, and
 * random packets of every shape (RTP, encrypted and unencrypted SRTCP) sealed by one and opened by
 * the other; tampering is refused by both; and it allocates nothing per packet.
 */
class OpensslAesGcmTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void needsLibcrypto() {
        assumeTrue(OpensslAesGcm.available(), "libcrypto.so.3 not loadable here");
    }

    @Test
    void rfc7714Section16_1SrtpPacketWithAes128Gcm() throws Exception {
        // RFC 7714 §16.1.1: key, salt, the RTP packet, and the SRTP packet it protects to.
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = HEX.parseHex("517569642070726f2071756f");
        byte[] rtp = HEX.parseHex("8040f17b8041f8d35501a0b2"
                + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
        byte[] srtp = HEX.parseHex("8040f17b8041f8d35501a0b2"
                + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
                + "899d7f27beb16a9152cf765ee4390cce");
        AesGcmPacketCipher c = new AesGcmPacketCipher(key, salt, true);
        assertThat(c.usesOpenssl()).isTrue();
        byte[] buf = Arrays.copyOf(rtp, rtp.length + 16);
        int n = c.sealRtp(buf, 0, 12, rtp.length, 0x5501a0b2, 0xf17b);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(srtp);
        assertThat(c.openRtp(buf, 0, 12, n, 0x5501a0b2, 0xf17b)).isTrue();
        assertThat(Arrays.copyOf(buf, rtp.length)).isEqualTo(rtp);
    }

    @Test
    void matchesTheJdkOnRandomPacketsBothWaysAndBothRefuseTampering() throws Exception {
        Random r = new Random(7714);
        for (int round = 0; round < 300; round++) {
            byte[] key = new byte[r.nextBoolean() ? 16 : 32];
            byte[] salt = new byte[12];
            r.nextBytes(key);
            r.nextBytes(salt);
            AesGcmPacketCipher ossl = new AesGcmPacketCipher(key, salt, true);
            AesGcmPacketCipher jdk = new AesGcmPacketCipher(key, salt, false);
            assertThat(ossl.usesOpenssl()).isTrue();
            assertThat(jdk.usesOpenssl()).isFalse();
            int ssrc = r.nextInt();
            long index = r.nextLong() & 0xFFFF_FFFF_FFFFL;
            int header = 12 + 4 * r.nextInt(4);
            int len = header + r.nextInt(1200);
            byte[] plain = new byte[len];
            r.nextBytes(plain);

            byte[] a = Arrays.copyOf(plain, len + 16);
            byte[] b = a.clone();
            int na = ossl.sealRtp(a, 0, header, len, ssrc, index);
            int nb = jdk.sealRtp(b, 0, header, len, ssrc, index);
            assertThat(na).isEqualTo(nb).isEqualTo(len + 16);
            assertThat(a).as("RTP round %d", round).isEqualTo(b);
            assertThat(jdk.openRtp(a, 0, header, na, ssrc, index)).isTrue();
            assertThat(ossl.openRtp(b, 0, header, nb, ssrc, index)).isTrue();
            assertThat(Arrays.copyOf(a, len)).isEqualTo(plain);
            assertThat(Arrays.copyOf(b, len)).isEqualTo(plain);

            boolean encrypt = r.nextBoolean();
            int rtcpLen = 8 + r.nextInt(600);
            int rtcpIndex = r.nextInt() & 0x7FFF_FFFF;
            byte[] c1 = Arrays.copyOf(plain, rtcpLen + 20);
            byte[] c2 = c1.clone();
            int m1 = ossl.sealRtcp(c1, 0, rtcpLen, ssrc, rtcpIndex, encrypt);
            int m2 = jdk.sealRtcp(c2, 0, rtcpLen, ssrc, rtcpIndex, encrypt);
            assertThat(m1).isEqualTo(m2).isEqualTo(rtcpLen + 20);
            assertThat(c1).as("SRTCP round %d, encrypt %s", round, encrypt).isEqualTo(c2);
            byte[] t = c1.clone();
            t[r.nextInt(m1)] ^= (byte) (1 << r.nextInt(8));
            byte[] t2 = t.clone();
            assertThat(ossl.openRtcp(t, 0, m1, ssrc, rtcpIndex, encrypt)).isFalse();
            assertThat(jdk.openRtcp(t2, 0, m1, ssrc, rtcpIndex, encrypt)).isFalse();
            assertThat(ossl.openRtcp(c2, 0, m2, ssrc, rtcpIndex, encrypt)).isTrue();
            assertThat(jdk.openRtcp(c1, 0, m1, ssrc, rtcpIndex, encrypt)).isTrue();
            assertThat(Arrays.copyOf(c1, rtcpLen)).isEqualTo(Arrays.copyOf(plain, rtcpLen));
            assertThat(Arrays.copyOf(c2, rtcpLen)).isEqualTo(Arrays.copyOf(plain, rtcpLen));

            byte[] bad = Arrays.copyOf(a, na);
            ossl.sealRtp(bad, 0, header, len, ssrc, index);
            bad[r.nextInt(na)] ^= 1;
            byte[] before = bad.clone();
            assertThat(ossl.openRtp(bad, 0, header, na, ssrc, index)).isFalse();
            assertThat(bad).as("a refused packet is left as it was").isEqualTo(before);
        }
    }

    @Test
    void inputLongerThanTheNativeScratchGoesInRunsWithTheSameBytes() throws Exception {
        Random r = new Random(4096);
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        r.nextBytes(key);
        r.nextBytes(salt);
        AesGcmPacketCipher ossl = new AesGcmPacketCipher(key, salt, true);
        AesGcmPacketCipher jdk = new AesGcmPacketCipher(key, salt, false);
        for (int len : new int[] {OpensslAesGcm.MAX_RUN + 11, OpensslAesGcm.MAX_RUN + 12, 3 * OpensslAesGcm.MAX_RUN + 100}) {
            byte[] a = new byte[len + 16];
            r.nextBytes(a);
            byte[] b = a.clone();
            assertThat(ossl.sealRtp(a, 0, 12, len, 5, 77)).isEqualTo(jdk.sealRtp(b, 0, 12, len, 5, 77));
            assertThat(a).isEqualTo(b);
            assertThat(ossl.openRtp(b, 0, 12, len + 16, 5, 77)).isTrue();
            byte[] c = Arrays.copyOf(a, len + 20);
            byte[] d = c.clone();
            assertThat(ossl.sealRtcp(c, 0, len, 5, 9, false)).isEqualTo(jdk.sealRtcp(d, 0, len, 5, 9, false));
            assertThat(c).isEqualTo(d);
            assertThat(ossl.openRtcp(d, 0, len + 20, 5, 9, false)).isTrue();
        }
    }

    @Test
    void truncatedPacketsAreRefusedNotThrown() throws Exception {
        AesGcmPacketCipher ossl = new AesGcmPacketCipher(new byte[16], new byte[12], true);
        byte[] buf = new byte[64];
        for (int len = 0; len < 28; len++) {
            assertThat(ossl.openRtp(buf, 0, 12, Math.max(len, 12), 1, 1)).isFalse();
        }
        for (int len = 4; len < 28; len++) {
            assertThat(ossl.openRtcp(buf, 0, len, 1, 1, true)).isFalse();
            assertThat(ossl.openRtcp(buf, 0, len, 1, 1, false)).isFalse();
        }
    }

    @Test
    void sealAndOpenAllocateNothing() throws Exception {
        AesGcmPacketCipher sender = new AesGcmPacketCipher(new byte[16], new byte[12], true);
        AesGcmPacketCipher receiver = new AesGcmPacketCipher(new byte[16], new byte[12], true);
        byte[] template = new byte[12 + 148 + 16];
        template[0] = (byte) 0x80;
        template[1] = 111;
        byte[] buf = template.clone();
        int[] seq = {0};
        int[] rejected = {0};
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> {
            System.arraycopy(template, 0, buf, 0, template.length);
            int s = ++seq[0];
            try {
                int n = sender.sealRtp(buf, 0, 12, 12 + 148, 9, s);
                if (!receiver.openRtp(buf, 0, 12, n, 9, s)) {
                    rejected[0]++;
                }
            } catch (java.security.GeneralSecurityException e) {
                rejected[0]++;
            }
        });
        assertThat(rejected[0]).isZero();
        assertThat(bytes).isLessThan(1.0);
    }
}
