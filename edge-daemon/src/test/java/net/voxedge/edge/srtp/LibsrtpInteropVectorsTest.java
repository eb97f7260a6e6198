package net.voxedge.edge.srtp;

import static net.voxedge.edge.srtp.SrtpFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reference packets from libsrtp's self-test (test/srtp_driver.c: srtp_validate and
 * srtp_validate_gcm), the library browsers use. They start from master keys, so they cover
 * the key derivation, including RFC 7714's 96-bit master salt, end to end. libsrtp numbers its
 * first SRTCP packet 1, so our second one (index 1) is the one to compare.
 */
class LibsrtpInteropVectorsTest {

    private static final byte[] RTP = hex("800f1234decafbadcafebabe abababababababababababababababab");
    private static final byte[] RTCP = hex("81c8000bcafebabe abababababababababababababababab");

    private static final byte[] CM_SRTP = hex("""
            800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb""");
    private static final byte[] CM_SRTCP = hex("""
            81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798""");
    private static final byte[] GCM_SRTP = hex("""
            800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392""");
    private static final byte[] GCM_SRTCP = hex("""
            81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001""");

    private static SrtpContext cm() {
        return new SrtpContext(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpFixtures.CM_MASTER_KEY, SrtpFixtures.CM_MASTER_SALT);
    }

    private static SrtpContext gcm() {
        return new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, SrtpFixtures.GCM_MASTER_KEY, SrtpFixtures.GCM_MASTER_SALT);
    }

    private static byte[] protectRtp(SrtpContext ctx) {
        byte[] buf = Arrays.copyOf(RTP, 64);
        int n = ctx.protectRtp(buf, 0, RTP.length);
        return Arrays.copyOf(buf, n);
    }

    /** Protects the same RTCP packet twice and returns the second result (SRTCP index 1). */
    private static byte[] protectRtcpTwice(SrtpContext ctx) {
        byte[] first = Arrays.copyOf(RTCP, 64);
        assertThat(ctx.protectRtcp(first, 0, RTCP.length)).isPositive();
        byte[] buf = Arrays.copyOf(RTCP, 64);
        int n = ctx.protectRtcp(buf, 0, RTCP.length);
        return Arrays.copyOf(buf, n);
    }

    private static byte[] unprotect(SrtpContext ctx, byte[] wire, boolean rtcp) {
        byte[] buf = wire.clone();
        int n = rtcp ? ctx.unprotectRtcp(buf, 0, buf.length) : ctx.unprotectRtp(buf, 0, buf.length);
        assertThat(n).as("result").isNotNegative();
        return Arrays.copyOf(buf, n);
    }

    @Test
    void aesCmProtectMatchesLibsrtp() {
        assertThat(protectRtp(cm())).isEqualTo(CM_SRTP);
        assertThat(protectRtcpTwice(cm())).isEqualTo(CM_SRTCP);
    }

    @Test
    void aesCmUnprotectsLibsrtpPackets() {
        SrtpContext ctx = cm();
        assertThat(unprotect(ctx, CM_SRTP, false)).isEqualTo(RTP);
        assertThat(unprotect(ctx, CM_SRTCP, true)).isEqualTo(RTCP);
    }

    @Test
    void aesGcmProtectMatchesLibsrtp() {
        assertThat(protectRtp(gcm())).isEqualTo(GCM_SRTP);
        assertThat(protectRtcpTwice(gcm())).isEqualTo(GCM_SRTCP);
    }

    @Test
    void aesGcmUnprotectsLibsrtpPackets() {
        SrtpContext ctx = gcm();
        assertThat(unprotect(ctx, GCM_SRTP, false)).isEqualTo(RTP);
        assertThat(unprotect(ctx, GCM_SRTCP, true)).isEqualTo(RTCP);
    }
}
