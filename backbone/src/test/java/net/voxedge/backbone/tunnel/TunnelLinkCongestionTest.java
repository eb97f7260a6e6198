package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stall must not turn into a retransmission storm: a timeout probes with a bounded number of the
 * oldest frames, the rest follow as acks come back, and a burst of duplicates is acknowledged in a
 * bounded number of datagrams (PROTOCOL.md §4, "Timeout" and "ACK policy").
 */
class TunnelLinkCongestionTest {
    private static final long MS = 1_000_000L;
    private static final int FRAMES = 1000;

    private static byte[] payload(int seq) {
        return ("f" + seq).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void send(TunnelLink link, int seq, long now) {
        byte[] p = payload(seq);
        assertThat(link.sendMedia(4, 0, seq, seq * 960, 0, p, 0, p.length, true, now)).isEqualTo(SendStatus.SENT);
    }

    @Test
    void aStallWithAThousandFramesInFlightProbesWithFewFramesThenRecoversWithoutAStorm() {
        SimulatedChannel ch = new SimulatedChannel(21);
        ch.runUntil(ch.now + 600 * MS, MS); // a probe round trip gives SRTT = 20 ms
        assertThat(ch.edge.rtt().srttNanos()).isEqualTo(20 * MS);
        ch.blackhole = true; // the stall: nothing gets through for 200 ms
        long stallStart = ch.now;
        int seq = 0;
        long firstExpiryRetransmits = -1;
        while (ch.now < stallStart + 200 * MS) {
            for (int i = 0; i < 25 && seq < FRAMES; i++) {
                send(ch.edge, seq++, ch.now);
            }
            long before = ch.edge.retransmits();
            ch.runUntil(ch.now + MS, MS);
            if (firstExpiryRetransmits < 0 && ch.edge.retransmits() > before) {
                firstExpiryRetransmits = ch.edge.retransmits() - before;
            }
        }
        assertThat(ch.edge.inflightFrames()).isEqualTo(FRAMES);
        assertThat(firstExpiryRetransmits).isBetween(1L, (long) ReliableSender.TIMEOUT_PROBES);
        long stallRetransmits = ch.edge.retransmits();
        assertThat(stallRetransmits).isLessThanOrEqualTo(3L * ReliableSender.TIMEOUT_PROBES);

        ch.blackhole = false;
        long end = ch.now + 20_000 * MS;
        while (ch.now < end && ch.edge.inflightFrames() > 0) {
            ch.runUntil(ch.now + MS, MS);
        }
        ch.runUntil(ch.now + 100 * MS, MS); // duplicates still on the wire land
        assertThat(ch.edge.inflightFrames()).isZero();
        assertThat(ch.edgeEvents.lost).isEmpty();
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1])
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, FRAMES).boxed().toList());
        // every original transmission and every probe sent during the stall was lost; little beyond that
        assertThat(ch.edge.retransmits()).isBetween((long) FRAMES, FRAMES + stallRetransmits + 16);
        assertThat(ch.edgeEvents.acked.get("4/0")).isEqualTo(FRAMES - 1);
    }

    @Test
    void aBurstOfDuplicatesIsAcknowledgedInFewDatagramsAndStillPromptly() {
        SimulatedChannel ch = new SimulatedChannel(22);
        for (int seq = 0; seq < 500; seq++) {
            send(ch.edge, seq, ch.now);
            if (seq % 25 == 0) {
                ch.runUntil(ch.now + MS, MS);
            }
        }
        ch.runUntil(ch.now + 200 * MS, MS);
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(500);
        // a restarted edge replays all 500 frames: every one is a duplicate at the cluster, all at once
        List<byte[]> replay = new ArrayList<>();
        SimulatedChannel.Recorder replayEvents = new SimulatedChannel.Recorder();
        TunnelLink restarted = new TunnelLink(TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 5000),
                SimulatedChannel.keys(LinkRole.EDGE), replayEvents,
                (b, o, l) -> replay.add(java.util.Arrays.copyOfRange(b, o, o + l)));
        for (int seq = 0; seq < 500; seq++) {
            send(restarted, seq, ch.now);
        }
        ch.recordSent = true;
        for (byte[] d : replay) {
            ch.cluster.receive(d, 0, d.length, ch.now);
        }
        assertThat(ch.cluster.drops(DropReason.DUPLICATE)).isEqualTo(500);
        int duringBurst = ch.clusterSent.size();
        assertThat(duringBurst).isLessThanOrEqualTo(1);
        ch.runUntil(ch.now + 10 * MS, MS); // within the ack delay, far below any RTO
        assertThat(ch.clusterSent.size()).isBetween(1, 2);
        for (byte[] d : ch.clusterSent) {
            restarted.receive(d, 0, d.length, ch.now);
        }
        assertThat(replayEvents.acked.get("4/0")).isEqualTo(499);
        assertThat(restarted.inflightFrames()).isZero();
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(500);
    }
}
