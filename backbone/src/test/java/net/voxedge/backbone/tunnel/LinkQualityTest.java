package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkQualityTest {
    private static final long MS = 1_000_000L;

    @Test
    void probesMeasureTheRoundTripOfAKnownDelay() {
        SimulatedChannel ch = new SimulatedChannel(1);
        ch.delayNanos = 15 * MS;
        ch.runUntil(ch.now + 10_000 * MS, MS);
        LinkQuality q = ch.edge.quality();
        assertThat(q.rttNanos()).isEqualTo(30 * MS);
        assertThat(q.jitterNanos()).isZero();
        assertThat(q.lossRatio()).isZero();
        assertThat(q.probesSent()).isEqualTo(20); // one at start, then every 500 ms
        assertThat(q.state()).isEqualTo(LinkState.UP);
        assertThat(ch.edgeEvents.states).containsExactly(LinkState.UP);
        assertThat(ch.cluster.quality().rttNanos()).isEqualTo(30 * MS); // both ends probe
        assertThat(ch.edge.rtt().srttNanos()).isEqualTo(30 * MS);
        // SRTT + max(G, 4 RTTVAR) with RTTVAR decayed to 0 is 31 ms, below the 100 ms minimum
        assertThat(ch.edge.rtoNanos()).isEqualTo(100 * MS);
    }

    @Test
    void jitterFollowsRfc3550OnSuccessiveRtts() {
        LinkQuality q = new LinkQuality(100 * MS, 1000 * MS, 3, 0);
        long now = 0;
        long expectedJ = 0;
        long previous = -1;
        for (int i = 0; i < 200; i++) {
            long rtt = (i % 2 == 0 ? 20 : 30) * MS;
            int id = q.startProbe(now);
            assertThat(q.onReply(id, now, now + rtt)).isNotEqualTo(LinkQuality.UNMATCHED);
            if (previous >= 0) {
                expectedJ += (Math.abs(rtt - previous) - expectedJ) / 16;
            }
            previous = rtt;
            now += 100 * MS;
        }
        assertThat(q.jitterNanos()).isEqualTo(expectedJ);
        assertThat(q.jitterNanos()).isBetween(9 * MS, 10 * MS); // converges to |D| = 10 ms
        assertThat(q.rttNanos()).isBetween(20 * MS, 30 * MS);
    }

    @Test
    void repliesThatMatchNoPendingProbeAreIgnored() {
        LinkQuality q = new LinkQuality(100 * MS, 1000 * MS, 3, 0);
        int id = q.startProbe(5);
        assertThat(q.onReply(id + 1, 5, 10)).isEqualTo(LinkQuality.UNMATCHED);
        assertThat(q.onReply(id, 6, 10)).isEqualTo(LinkQuality.UNMATCHED); // origin time not ours
        assertThat(q.onReply(id, 5, 10)).isEqualTo(LinkQuality.WENT_UP);
        assertThat(q.onReply(id, 5, 11)).isEqualTo(LinkQuality.UNMATCHED); // duplicate reply
        assertThat(q.rttNanos()).isEqualTo(5);
    }

    @Test
    void lostProbesTakeTheLinkDownAndAReplyBringsItBack() {
        SimulatedChannel ch = new SimulatedChannel(2);
        ch.runUntil(ch.now + 2_000 * MS, MS);
        assertThat(ch.edge.state()).isEqualTo(LinkState.UP);
        long sentBefore = ch.edge.quality().probesSent();
        ch.blackhole = true;
        // probes at +1, +501, +1001 ms of the outage are lost 1 s after each; the third loss means DOWN
        ch.runUntil(ch.now + 2_050 * MS, MS);
        assertThat(ch.edge.state()).isEqualTo(LinkState.DOWN);
        assertThat(ch.edgeEvents.states).containsExactly(LinkState.UP, LinkState.DOWN);
        long lost = ch.edge.quality().probesLost();
        assertThat(lost).isEqualTo(3);
        double expectedLoss = (double) lost / (sentBefore + lost);
        assertThat(ch.edge.quality().lossRatio()).isEqualTo(expectedLoss);
        ch.blackhole = false;
        ch.runUntil(ch.now + 1_000 * MS, MS);
        assertThat(ch.edge.state()).isEqualTo(LinkState.UP);
        assertThat(ch.edgeEvents.states).containsExactly(LinkState.UP, LinkState.DOWN, LinkState.UP);
    }

    @Test
    void silenceBeyondTheIdleTimeoutTakesTheLinkDown() {
        TunnelLinkConfig cfg = TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 1000)
                .withProbes(Duration.ofMillis(500), Duration.ofSeconds(10), 100, Duration.ofMillis(1500));
        SimulatedChannel ch = new SimulatedChannel(3, cfg, TunnelLinkConfig.defaults(LinkRole.CLUSTER, SimulatedChannel.LINK_ID, 2000));
        ch.runUntil(ch.now + 1_000 * MS, MS);
        assertThat(ch.edge.state()).isEqualTo(LinkState.UP);
        long silentFrom = ch.now;
        ch.blackhole = true;
        ch.runUntil(silentFrom + 1_000 * MS, MS);
        assertThat(ch.edge.state()).isEqualTo(LinkState.UP); // probes not yet expired, not yet idle
        ch.runUntil(silentFrom + 1_600 * MS, MS);
        assertThat(ch.edge.state()).isEqualTo(LinkState.DOWN);
        assertThat(ch.edge.quality().probesLost()).isZero();
    }
}
