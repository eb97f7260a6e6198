package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile bytes into the receive path. Invariants: nothing throws, and nothing unauthenticated is
 * ever accepted (a random tag matching has probability 2^-32 at worst, the 32-bit profile).
 */
class SrtpUnprotectFuzzTest {

    private static final SrtpProfile[] PROFILES = SrtpProfile.values();

    @FuzzTest(maxDuration = "30s")
    void unprotectNeverAcceptsForgeries(FuzzedDataProvider data) {
        SrtpProfile profile = PROFILES[data.consumeInt(0, PROFILES.length - 1)];
        boolean rtcp = data.consumeBoolean();
        int off = data.consumeInt(-2, 8);
        int slack = data.consumeInt(-4, 4);
        byte[] packet = data.consumeRemainingAsBytes();
        byte[] buf = new byte[Math.max(0, off) + packet.length + Math.max(0, slack)];
        System.arraycopy(packet, 0, buf, Math.max(0, off), packet.length);
        int len = packet.length + Math.min(0, slack);

        SrtpContext ctx = SrtpFixtures.context(profile);
        int result = rtcp ? ctx.unprotectRtcp(buf, off, len) : ctx.unprotectRtp(buf, off, len);

        assertThat(result).isNegative();
        assertThat(SrtpError.fromCode(result)).isNotNull();
        assertThat(ctx.receivedRtpStreams() + ctx.receivedRtcpStreams()).isZero();
    }

    @FuzzTest(maxDuration = "30s")
    void tamperedGenuinePacketsAreRejected(FuzzedDataProvider data) {
        SrtpProfile profile = PROFILES[data.consumeInt(0, PROFILES.length - 1)];
        boolean rtcp = data.consumeBoolean();
        int seq = data.consumeInt(0, 65535);
        int payload = data.consumeInt(0, 300);
        SrtpContext sender = SrtpFixtures.context(profile);
        byte[] buf = rtcp ? SrtpFixtures.rtcp(SrtpFixtures.SSRC, sender.rtcpOverhead())
                : SrtpFixtures.rtp(seq, SrtpFixtures.SSRC, payload, sender.rtpOverhead());
        int len = rtcp ? sender.protectRtcp(buf, 0, 32) : sender.protectRtp(buf, 0, 12 + payload);
        assertThat(len).isEqualTo(buf.length);

        byte[] genuine = java.util.Arrays.copyOf(buf, len);
        int flips = data.consumeInt(1, 4);
        for (int i = 0; i < flips; i++) {
            int at = data.consumeInt(0, len - 1);
            byte mask = data.consumeByte();
            buf[at] ^= mask;
        }
        // Compare bytes, not masks: two flips of the same bit give the genuine packet back, which must pass.
        boolean changed = !java.util.Arrays.equals(genuine, 0, len, buf, 0, len);
        int cut = data.consumeInt(0, 3);
        SrtpContext receiver = SrtpFixtures.context(profile);
        int result = rtcp ? receiver.unprotectRtcp(buf, 0, len - cut) : receiver.unprotectRtp(buf, 0, len - cut);
        if (changed || cut > 0) {
            assertThat(result).isNegative();
        }
    }
}
