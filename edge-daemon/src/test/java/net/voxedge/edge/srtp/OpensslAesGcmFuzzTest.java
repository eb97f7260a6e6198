package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile bytes into the receive path on OpenSSL's AES-GCM (opt-in back end, {@link OpensslAesGcm}):
 * nothing throws, nothing unauthenticated is accepted, and no stream state is created.
 */
class OpensslAesGcmFuzzTest {
    private static final byte[] KEY = new byte[16];
    private static final byte[] SALT = new byte[12];

    @FuzzTest(maxDuration = "30s")
    void unprotectNeverAcceptsForgeries(FuzzedDataProvider data) {
        assumeTrue(OpensslAesGcm.available());
        boolean rtcp = data.consumeBoolean();
        int off = data.consumeInt(-2, 8);
        int slack = data.consumeInt(-4, 4);
        byte[] packet = data.consumeRemainingAsBytes();
        byte[] buf = new byte[Math.max(0, off) + packet.length + Math.max(0, slack)];
        System.arraycopy(packet, 0, buf, Math.max(0, off), packet.length);
        int len = packet.length + Math.min(0, slack);

        SrtpContext ctx = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, new AesGcmPacketCipher(KEY, SALT, true),
                new AesGcmPacketCipher(KEY, SALT, true));
        int result = rtcp ? ctx.unprotectRtcp(buf, off, len) : ctx.unprotectRtp(buf, off, len);

        assertThat(result).isNegative();
        assertThat(SrtpError.fromCode(result)).isNotNull();
        assertThat(ctx.receivedRtpStreams() + ctx.receivedRtcpStreams()).isZero();
    }
}
