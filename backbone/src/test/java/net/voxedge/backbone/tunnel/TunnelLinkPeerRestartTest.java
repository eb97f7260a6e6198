package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that restarts (a new process on the same link: same keys and link id, a newer epoch,
 * fresh state) must be understood by the end that kept running (PROTOCOL.md, "Peer restart").
 * Datagrams are handed over by hand on a hand-driven clock.
 */
class TunnelLinkPeerRestartTest {
    private static final long MS = 1_000_000L;
    private static final long SESSION = 7;
    private SimulatedChannel ch;

    @BeforeEach
    void setUp() {
        ch = new SimulatedChannel(1);
        ch.recordSent = true;
        ch.blackhole = true;
    }

    /** The restarted process's end of the link. */
    private static final class Restarted {
        final TunnelLink link;
        final SimulatedChannel.Recorder events = new SimulatedChannel.Recorder();
        final List<byte[]> sent = new ArrayList<>();

        Restarted(TunnelLinkConfig config) {
            link = new TunnelLink(config, SimulatedChannel.keys(config.role()), events,
                    (b, o, l) -> sent.add(Arrays.copyOfRange(b, o, o + l)));
        }

        Restarted(LinkRole role, long epoch) {
            this(TunnelLinkConfig.defaults(role, SimulatedChannel.LINK_ID, epoch));
        }
    }

    private static List<byte[]> take(List<byte[]> sent) {
        List<byte[]> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    private void deliver(TunnelLink to, List<byte[]> datagrams) {
        for (byte[] d : datagrams) {
            to.receive(d, 0, d.length, ch.now);
        }
    }

    private void control(TunnelLink from, long session, int type, String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        assertThat(from.sendControl(session, type, p, 0, p.length, ch.now)).isEqualTo(SendStatus.SENT);
    }

    private void userAudio(TunnelLink from, long session, int seq) {
        byte[] p = ("u" + seq).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(from.sendMedia(session, 0, seq, seq * 960, 0, p, 0, p.length, true, ch.now)).isEqualTo(SendStatus.SENT);
    }

    private void agentAudio(TunnelLink from, long session, int seq) {
        byte[] p = ("a" + seq).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(from.sendMedia(session, 1, seq, seq * 960, 0, p, 0, p.length, false, ch.now)).isEqualTo(SendStatus.SENT);
    }

    private static List<Integer> seqs(SimulatedChannel.Recorder r, int stream) {
        List<Integer> out = new ArrayList<>();
        for (int[] m : r.mediaSeqs) {
            if (m[0] == stream) {
                out.add(m[1]);
            }
        }
        return out;
    }

    @Test
    void controlsOfASessionOpenedBeforeAnEdgeRestartAreDeliveredOnceEach() {
        ch.clusterEvents.onControlClose = ch.cluster; // the gateway frees the session on CLOSE
        control(ch.edge, SESSION, ControlType.OPEN, "open-1");
        control(ch.edge, SESSION, 9, "note-1");
        deliver(ch.cluster, take(ch.edgeSent));
        control(ch.edge, SESSION, 9, "late-old"); // still on the wire when the edge dies
        byte[] lateOld = take(ch.edgeSent).getFirst();
        take(ch.clusterSent); // acks for the dead edge

        Restarted edge = new Restarted(LinkRole.EDGE, 5000);
        control(edge.link, SESSION, ControlType.OPEN, "open-2-resumed");
        deliver(ch.cluster, take(edge.sent));
        assertThat(ch.clusterEvents.controls).containsExactly("7:1:open-1", "7:9:note-1", "7:1:open-2-resumed");
        assertThat(ch.cluster.peerRestarts()).isEqualTo(1);

        control(edge.link, SESSION, ControlType.CANCEL, "cancel");
        control(edge.link, SESSION, ControlType.CLOSE, "bye");
        deliver(ch.cluster, take(edge.sent));
        // no ACK reached the edge: the timeout probes with the oldest two, their acks clock out the
        // third; none is delivered twice
        ch.now += 300 * MS;
        edge.link.onTimeout(ch.now);
        assertThat(edge.link.retransmits()).isEqualTo(ReliableSender.TIMEOUT_PROBES);
        deliver(ch.cluster, take(edge.sent));
        deliver(edge.link, take(ch.clusterSent));
        assertThat(edge.link.retransmits()).isEqualTo(3);
        deliver(ch.cluster, take(edge.sent));
        deliver(ch.cluster, List.of(lateOld));
        assertThat(ch.clusterEvents.controls).containsExactly("7:1:open-1", "7:9:note-1", "7:1:open-2-resumed",
                "7:3:cancel", "7:2:bye");
        assertThat(ch.cluster.drops(DropReason.STALE_EPOCH)).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.DUPLICATE) + ch.cluster.drops(DropReason.CLOSED_SESSION)).isEqualTo(3);
        deliver(edge.link, take(ch.clusterSent));
        assertThat(edge.link.inflightFrames()).isZero();
    }

    @Test
    void userAudioReplayedAfterAnEdgeRestartIsDeliveredExactlyOnce() {
        for (int seq = 0; seq < 10; seq++) {
            userAudio(ch.edge, SESSION, seq);
        }
        deliver(ch.cluster, take(ch.edgeSent));
        userAudio(ch.edge, SESSION, 10);
        userAudio(ch.edge, SESSION, 11);
        take(ch.edgeSent); // lost
        userAudio(ch.edge, SESSION, 12);
        userAudio(ch.edge, SESSION, 13);
        deliver(ch.cluster, take(ch.edgeSent));
        assertThat(ch.cluster.heldFrames()).isEqualTo(2);
        take(ch.clusterSent);

        // the journal's checkpoint is behind (acked up to 4): it replays from 5 with the original
        // seqs, one frame per round trip (a small in-flight window), then goes on with new audio
        Restarted edge = new Restarted(LinkRole.EDGE, 5000);
        for (int seq = 5; seq < 16; seq++) {
            userAudio(edge.link, SESSION, seq);
            deliver(ch.cluster, take(edge.sent));
            if (seq == 5) {
                assertThat(ch.cluster.heldFrames()).as("the old incarnation's held frames").isZero();
            }
            ch.now += 5 * MS;
            ch.cluster.onTimeout(ch.now); // delayed ack
            deliver(edge.link, take(ch.clusterSent));
            assertThat(edge.link.inflightFrames()).as("seq %d acknowledged", seq).isZero();
            assertThat(edge.events.acked.get(SESSION + "/0")).isEqualTo(seq);
        }
        assertThat(seqs(ch.clusterEvents, 0)).containsExactlyElementsOf(IntStream.range(0, 16).boxed().toList());
        assertThat(ch.cluster.drops(DropReason.DUPLICATE)).isEqualTo(5);
        assertThat(edge.link.retransmits()).isZero();
    }

    @Test
    void agentAudioAndControlsOfARestartedGatewayAreDelivered() {
        for (int seq = 0; seq < 50; seq++) {
            agentAudio(ch.cluster, SESSION, seq);
        }
        control(ch.cluster, SESSION, 9, "note-1");
        deliver(ch.edge, take(ch.clusterSent));
        assertThat(seqs(ch.edgeEvents, 1)).hasSize(50);

        // the gateway restarts: its agent seq counter and control numbering begin again
        Restarted gateway = new Restarted(LinkRole.CLUSTER, 3000);
        for (int seq = 0; seq < 5; seq++) {
            agentAudio(gateway.link, SESSION, seq);
        }
        control(gateway.link, SESSION, ControlType.CLOSE, "model_closed: restart");
        deliver(ch.edge, take(gateway.sent));
        List<Integer> expected = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
        expected.addAll(List.of(0, 1, 2, 3, 4));
        assertThat(seqs(ch.edgeEvents, 1)).containsExactlyElementsOf(expected);
        assertThat(ch.edgeEvents.controls).containsExactly("7:9:note-1", "7:2:model_closed: restart");
        assertThat(ch.edge.drops(DropReason.STALE_MEDIA)).isZero();
        assertThat(ch.edge.peerRestarts()).isEqualTo(1);
    }

    @Test
    void retransmissionBackoffBuiltUpAgainstADeadPeerEndsWhenItComesBack() {
        ch.cluster.onTimeout(ch.now); // the edge hears the gateway's first incarnation
        deliver(ch.edge, take(ch.clusterSent));
        userAudio(ch.edge, SESSION, 0);
        take(ch.edgeSent);
        long start = ch.now;
        while (ch.now < start + 3000 * MS) { // the gateway is down: timeouts double the RTO
            ch.now += MS;
            if (ch.edge.nextDeadlineNanos() <= ch.now) {
                ch.edge.onTimeout(ch.now);
            }
        }
        assertThat(ch.edge.rtoNanos()).isGreaterThanOrEqualTo(1600 * MS);
        take(ch.edgeSent);

        Restarted gateway = new Restarted(LinkRole.CLUSTER, 3000);
        gateway.link.onTimeout(ch.now); // its first probe
        deliver(ch.edge, take(gateway.sent));
        assertThat(ch.edge.rtoNanos()).isEqualTo(200 * MS); // the initial RTO: no sample yet
        assertThat(ch.edge.nextDeadlineNanos()).isLessThanOrEqualTo(ch.now + 200 * MS);
        assertThat(ch.edge.peerRestarts()).isEqualTo(1);
    }

    @Test
    void heldFramesOfTheOldIncarnationAreFreedAndDoNotStarveTheNewOne() {
        TunnelLinkConfig small = TunnelLinkConfig.defaults(LinkRole.CLUSTER, SimulatedChannel.LINK_ID, 2000)
                .withReceiveLimits(64, 8, 4);
        ch = new SimulatedChannel(1, TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 1000), small);
        ch.recordSent = true;
        ch.blackhole = true;
        control(ch.edge, 3, ControlType.OPEN, "lost");
        take(ch.edgeSent);
        control(ch.edge, 3, ControlType.CANCEL, "held");
        deliver(ch.cluster, take(ch.edgeSent));
        for (long session = 1; session <= 2; session++) {
            userAudio(ch.edge, session, 0);
            take(ch.edgeSent);
            for (int seq = 1; seq <= 4; seq++) {
                userAudio(ch.edge, session, seq);
            }
            deliver(ch.cluster, take(ch.edgeSent));
        }
        assertThat(ch.cluster.heldFrames()).isEqualTo(8);
        assertThat(ch.cluster.drops(DropReason.HOLD_FULL)).isEqualTo(1);

        Restarted edge = new Restarted(LinkRole.EDGE, 5000);
        userAudio(edge.link, 4, 0);
        take(edge.sent);
        for (int seq = 1; seq <= 4; seq++) {
            userAudio(edge.link, 4, seq);
        }
        deliver(ch.cluster, take(edge.sent));
        assertThat(ch.cluster.heldFrames()).isEqualTo(4); // only the new incarnation's
        assertThat(ch.cluster.drops(DropReason.HOLD_FULL)).isEqualTo(1);
        assertThat(ch.cluster.receiverStreams()).isEqualTo(3); // control stream of 3 forgotten
        assertThat(ch.clusterEvents.controls).isEmpty(); // the old CANCEL never jumps its lost OPEN
        assertThat(ch.clusterEvents.mediaSeqs).isEmpty();
    }

    @Test
    void anAckWrittenForTheOldIncarnationDoesNotAcknowledgeTheNewOnesControls() {
        control(ch.edge, SESSION, ControlType.OPEN, "open-1");
        control(ch.edge, SESSION, 9, "note-1");
        deliver(ch.cluster, take(ch.edgeSent));
        ch.now += 5 * MS;
        ch.cluster.onTimeout(ch.now);
        List<byte[]> staleAcks = take(ch.clusterSent); // still on the wire when the edge restarts

        Restarted edge = new Restarted(LinkRole.EDGE, 5000);
        control(edge.link, SESSION, ControlType.OPEN, "open-2");
        control(edge.link, SESSION, ControlType.CANCEL, "cancel");
        control(edge.link, SESSION, ControlType.CLOSE, "bye");
        List<byte[]> lost = take(edge.sent);
        deliver(edge.link, staleAcks);
        assertThat(edge.link.inflightFrames()).isEqualTo(3);
        assertThat(lost).hasSize(3);
        ch.now += 300 * MS;
        edge.link.onTimeout(ch.now); // probes with the oldest two
        deliver(ch.cluster, take(edge.sent));
        ch.now += 5 * MS;
        ch.cluster.onTimeout(ch.now); // the delayed ack
        deliver(edge.link, take(ch.clusterSent)); // clocks out the third
        deliver(ch.cluster, take(edge.sent));
        assertThat(ch.clusterEvents.controls).containsExactly("7:1:open-1", "7:9:note-1", "7:1:open-2", "7:3:cancel",
                "7:2:bye");
    }
}
