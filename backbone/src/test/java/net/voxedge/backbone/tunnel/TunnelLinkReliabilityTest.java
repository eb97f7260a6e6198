package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelLinkReliabilityTest {
    private static final long MS = 1_000_000L;

    private static byte[] payload(long session, int seq) {
        return ("s" + session + "-" + seq).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void userAudioArrivesCompleteInOrderExactlyOnceUnderLossReorderingAndDuplication() {
        for (long seed = 1; seed <= 4; seed++) {
            SimulatedChannel ch = new SimulatedChannel(seed);
            ch.loss = 0.2;
            ch.duplicate = 0.1;
            ch.extraDelayNanos = 40 * MS; // frames 20 ms apart overtake each other
            long[] sessions = {11, 22, 33};
            int frames = 400;
            int[] next = new int[sessions.length];
            long end = ch.now + 60_000 * MS;
            while (ch.now < end) {
                for (int s = 0; s < sessions.length; s++) {
                    // the journal's loop: offer the next frame every 20 ms; on backpressure try again later
                    if (next[s] < frames && ch.now % (20 * MS) == 0) {
                        byte[] p = payload(sessions[s], next[s]);
                        SendStatus st = ch.edge.sendMedia(sessions[s], 0, next[s], next[s] * 960, 0, p, 0, p.length, true, ch.now);
                        if (st == SendStatus.SENT) {
                            next[s]++;
                        } else {
                            assertThat(st).isEqualTo(SendStatus.BACKPRESSURE);
                        }
                    }
                }
                ch.runUntil(ch.now + MS, MS);
                boolean allAcked = true;
                for (long session : sessions) {
                    allAcked &= Integer.valueOf(frames - 1).equals(ch.edgeEvents.acked.get(session + "/0"));
                }
                if (allAcked && ch.edge.inflightFrames() == 0) {
                    break;
                }
            }
            for (long session : sessions) {
                List<Integer> seqs = new ArrayList<>();
                for (int i = 0; i < ch.clusterEvents.mediaSeqs.size(); i++) {
                    if (ch.clusterEvents.mediaSessions.get(i) == session) {
                        seqs.add(ch.clusterEvents.mediaSeqs.get(i)[1]);
                        assertThat(ch.clusterEvents.media.get(i))
                                .isEqualTo(new String(payload(session, ch.clusterEvents.mediaSeqs.get(i)[1]), StandardCharsets.ISO_8859_1));
                    }
                }
                assertThat(seqs).as("seed %d session %d", seed, session).hasSize(frames);
                for (int i = 0; i < frames; i++) {
                    assertThat(seqs.get(i)).isEqualTo(i);
                }
                assertThat(ch.edgeEvents.acked.get(session + "/0")).isEqualTo(frames - 1);
            }
            assertThat(ch.edgeEvents.lost).isEmpty();
            assertThat(ch.edge.inflightFrames()).isZero();
            assertThat(ch.edge.inflightBytes()).isZero();
            assertThat(ch.edge.retransmits()).isPositive();
            assertThat(ch.cluster.drops(DropReason.DUPLICATE)).isPositive();
            assertThat(ch.cluster.heldFrames()).isZero();
        }
    }

    @Test
    void agentAudioIsBestEffortNewestOnly() {
        SimulatedChannel ch = new SimulatedChannel(7);
        ch.extraDelayNanos = 50 * MS;
        ch.duplicate = 0.2;
        for (int seq = 0; seq < 200; seq++) {
            byte[] p = payload(5, seq);
            assertThat(ch.cluster.sendMedia(5, 1, seq, seq * 960, 0, p, 0, p.length, false, ch.now)).isEqualTo(SendStatus.SENT);
            ch.runUntil(ch.now + 20 * MS, MS);
        }
        ch.runUntil(ch.now + 500 * MS, MS);
        List<int[]> got = ch.edgeEvents.mediaSeqs;
        assertThat(got).isNotEmpty();
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i)[1]).isGreaterThan(got.get(i - 1)[1]);
        }
        assertThat(got.size() + ch.edge.drops(DropReason.STALE_MEDIA)).isGreaterThanOrEqualTo(200);
        assertThat(ch.edge.drops(DropReason.STALE_MEDIA)).isPositive();
        assertThat(ch.cluster.retransmits()).isZero();
        assertThat(ch.cluster.inflightFrames()).isZero();
    }

    @Test
    void fullBudgetReturnsBackpressureAndRecoversAfterAcks() {
        TunnelLinkConfig small = TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 1000)
                .withRetransmitBudget(3 * WireFormat.MAX_BODY, 100);
        SimulatedChannel ch = new SimulatedChannel(3, small, TunnelLinkConfig.defaults(LinkRole.CLUSTER, SimulatedChannel.LINK_ID, 2000));
        ch.blackhole = true;
        byte[] p = new byte[1000];
        int seq = 0;
        while (ch.edge.sendMedia(9, 0, seq, 0, 0, p, 0, p.length, true, ch.now) == SendStatus.SENT) {
            seq++;
            assertThat(seq).isLessThan(10);
        }
        assertThat(seq).isEqualTo(3);
        assertThat(ch.edge.backpressureEvents()).isEqualTo(1);
        assertThat(ch.edge.inflightBytes()).isEqualTo(3L * (WireFormat.MEDIA_HEADER + 1000));
        assertThat(ch.edge.inflightBytes()).isLessThanOrEqualTo(small.retransmitBudgetBytes());
        ch.blackhole = false;
        ch.runUntil(ch.now + 2000 * MS, MS);
        assertThat(ch.edge.inflightFrames()).isZero();
        assertThat(ch.edge.sendMedia(9, 0, seq, 0, 0, p, 0, p.length, true, ch.now)).isEqualTo(SendStatus.SENT);
        ch.runUntil(ch.now + 100 * MS, MS);
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 1, 2, 3);
    }

    @Test
    void retransmitsOnTimeoutWithBackoffThenReportsTheFrameLost() {
        TunnelLinkConfig cfg = TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 1000)
                .withRetransmission(3, Duration.ofMillis(200), Duration.ofMillis(30), Duration.ofMillis(1000));
        SimulatedChannel ch = new SimulatedChannel(5, cfg, TunnelLinkConfig.defaults(LinkRole.CLUSTER, SimulatedChannel.LINK_ID, 2000));
        ch.blackhole = true;
        long t0 = ch.now;
        byte[] p = payload(1, 0);
        ch.edge.sendMedia(1, 0, 0, 0, 0, p, 0, p.length, true, t0);
        assertThat(ch.edge.rtoNanos()).isEqualTo(200 * MS);
        ch.runUntil(t0 + 199 * MS, MS);
        assertThat(ch.edge.retransmits()).isZero();
        ch.runUntil(t0 + 200 * MS, MS);
        assertThat(ch.edge.retransmits()).isEqualTo(1);
        ch.runUntil(t0 + 599 * MS, MS); // backoff: next after 400 ms
        assertThat(ch.edge.retransmits()).isEqualTo(1);
        ch.runUntil(t0 + 600 * MS, MS);
        assertThat(ch.edge.retransmits()).isEqualTo(2);
        ch.runUntil(t0 + 1400 * MS, MS); // then 800 ms
        assertThat(ch.edge.retransmits()).isEqualTo(3);
        assertThat(ch.edgeEvents.lost).isEmpty();
        ch.runUntil(t0 + 2400 * MS, MS); // capped at 1000 ms: the 3rd retransmission's timeout gives up
        assertThat(ch.edge.retransmits()).isEqualTo(3);
        assertThat(ch.edgeEvents.lost).containsExactly("1/0/0");
        assertThat(ch.edge.framesLost()).isEqualTo(1);
        assertThat(ch.edge.inflightFrames()).isZero();
    }

    @Test
    void abandonedFrameIsSkippedByTheReceiverThroughTheFloor() {
        TunnelLinkConfig cfg = TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 1000)
                .withRetransmission(0, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        SimulatedChannel ch = new SimulatedChannel(5, cfg, TunnelLinkConfig.defaults(LinkRole.CLUSTER, SimulatedChannel.LINK_ID, 2000));
        send(ch, 0);
        ch.runUntil(ch.now + 50 * MS, MS);
        ch.blackhole = true;
        send(ch, 1);
        ch.blackhole = false;
        send(ch, 2);
        ch.runUntil(ch.now + 300 * MS, MS);
        assertThat(ch.edgeEvents.lost).containsExactly("4/0/1");
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0); // 2 held behind the gap
        send(ch, 3);
        ch.runUntil(ch.now + 100 * MS, MS);
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 2, 3);
        assertThat(ch.cluster.seqsSkipped()).isEqualTo(1);
        assertThat(ch.edgeEvents.acked.get("4/0")).isEqualTo(3);
        assertThat(ch.edge.inflightFrames()).isZero();
    }

    private static void send(SimulatedChannel ch, int seq) {
        byte[] p = payload(4, seq);
        assertThat(ch.edge.sendMedia(4, 0, seq, seq * 960, 0, p, 0, p.length, true, ch.now)).isEqualTo(SendStatus.SENT);
    }

    @Test
    void selectiveAckGapTriggersFastRetransmitBeforeTheTimeout() {
        SimulatedChannel ch = new SimulatedChannel(8);
        ch.runUntil(ch.now + 600 * MS, MS); // a probe round trip gives SRTT = 20 ms
        assertThat(ch.edge.rtt().srttNanos()).isEqualTo(20 * MS);
        ch.blackhole = true;
        send(ch, 0);
        ch.blackhole = false;
        for (int seq = 1; seq <= 3; seq++) {
            ch.runUntil(ch.now + 5 * MS, MS);
            send(ch, seq);
        }
        ch.runUntil(ch.now + 60 * MS, MS); // far below the RTO (>= 30 ms + 4 RTTVAR, and the timer has not fired)
        assertThat(ch.edge.fastRetransmits()).isGreaterThanOrEqualTo(1);
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 1, 2, 3);
    }

    @Test
    void controlMessagesArriveInOrderAndAClosedSessionStaysClosed() {
        SimulatedChannel ch = new SimulatedChannel(9);
        ch.loss = 0.2;
        ch.extraDelayNanos = 30 * MS;
        ch.clusterEvents.onControlClose = ch.cluster; // the gateway closes the session from inside the callback
        byte[] open = "{\"subject\":\"alice\",\"codec\":\"opus\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ch.edge.sendControl(77, ControlType.OPEN, open, 0, open.length, ch.now)).isEqualTo(SendStatus.SENT);
        for (int seq = 0; seq < 20; seq++) {
            send77(ch, seq);
            ch.runUntil(ch.now + 20 * MS, MS);
        }
        byte[] cancel = new byte[CancelPayload.LENGTH];
        CancelPayload.write(cancel, 0, 960 * 15, 1234, 2);
        ch.edge.sendControl(77, ControlType.CANCEL, cancel, 0, cancel.length, ch.now);
        byte[] bye = "bye".getBytes(StandardCharsets.UTF_8);
        ch.edge.sendControl(77, ControlType.CLOSE, bye, 0, bye.length, ch.now);
        ch.edge.closeSession(77);
        ch.runUntil(ch.now + 5000 * MS, MS);
        assertThat(ch.clusterEvents.controls).hasSize(3);
        assertThat(ch.clusterEvents.controls.get(0)).isEqualTo("77:1:" + new String(open, StandardCharsets.UTF_8));
        assertThat(ch.clusterEvents.controls.get(1)).startsWith("77:3:");
        assertThat(ch.clusterEvents.controls.get(2)).isEqualTo("77:2:bye");
        assertThat(ch.edge.inflightFrames()).isZero();
        assertThat(ch.edge.senderStreams()).isZero();
        assertThat(ch.cluster.receiverStreams()).isZero();
        assertThat(ch.edgeEvents.lost).isEmpty();
        // a late frame of the closed session is dropped, not delivered again
        int before = ch.clusterEvents.mediaSeqs.size();
        send77(ch, 20);
        ch.runUntil(ch.now + 200 * MS, MS);
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(before);
        assertThat(ch.cluster.drops(DropReason.CLOSED_SESSION)).isPositive();
    }

    private static void send77(SimulatedChannel ch, int seq) {
        byte[] p = payload(77, seq);
        ch.edge.sendMedia(77, 0, seq, seq * 960, 0, p, 0, p.length, true, ch.now);
    }

    @Test
    void restartedEdgeReplaysUnackedFramesWithTheirOriginalSeqs() {
        SimulatedChannel ch = new SimulatedChannel(10);
        for (int seq = 0; seq < 8; seq++) {
            send(ch, seq);
        }
        ch.runUntil(ch.now + 100 * MS, MS);
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(8);
        // the edge process restarts: a new link with a later epoch; the journal only knew acks up to 4
        List<byte[]> toCluster = new ArrayList<>();
        TunnelLink restarted = new TunnelLink(TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 5000),
                SimulatedChannel.keys(LinkRole.EDGE), ch.edgeEvents, (b, o, l) -> toCluster.add(java.util.Arrays.copyOfRange(b, o, o + l)));
        for (int seq = 5; seq < 10; seq++) {
            byte[] p = payload(4, seq);
            assertThat(restarted.sendMedia(4, 0, seq, 0, 0, p, 0, p.length, true, ch.now)).isEqualTo(SendStatus.SENT);
        }
        for (byte[] d : toCluster) {
            ch.cluster.receive(d, 0, d.length, ch.now);
        }
        assertThat(ch.cluster.peerRestarts()).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.DUPLICATE)).isEqualTo(3);
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
