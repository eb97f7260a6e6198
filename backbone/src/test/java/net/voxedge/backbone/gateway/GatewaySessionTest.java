package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.CancelPayload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-session core with a clock driven by hand. */
class GatewaySessionTest {
    private static final long MS = 1_000_000L;
    private static final long SESSION = 0x1234_5678_9abcL;

    /** One frame as the sink got it, with the time it was sent. */
    record Sent(long at, int seq, int mediaTs, int tag, byte[] opus) {}

    private SimpleMeterRegistry registry;
    private GatewayMetrics metrics;
    private final List<Sent> sent = new ArrayList<>();
    private long now;
    private RecordingAdapter adapter;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        metrics = new GatewayMetrics(registry, () -> 0);
        now = 1_000 * MS;
    }

    private GatewaySession session(PacingSettings pacing) {
        OpenRequest open = new OpenRequest(SESSION, "alice", "fra1", "fra1-h0", OpenRequest.CODEC, null, false);
        GatewaySession s = new GatewaySession(open, pacing, (session, seq, ts, b, off, len) -> {
            assertThat(session).isEqualTo(SESSION);
            assertThat(AgentAudioPayload.valid(len)).isTrue();
            sent.add(new Sent(now, seq, ts, AgentAudioPayload.responseTag(b, off),
                    java.util.Arrays.copyOfRange(b, AgentAudioPayload.opusOffset(off), off + len)));
            return true;
        }, metrics);
        adapter = new RecordingAdapter(new ModelSessionConfig("x", null, null, null), new ModelAdapterListener() {});
        s.attach(adapter);
        return s;
    }

    private static byte[] opus(int marker) {
        return new byte[] {(byte) 0xF8, (byte) marker, (byte) (marker >> 8)};
    }

    private static int marker(byte[] opus) {
        return (opus[1] & 0xFF) | (opus[2] & 0xFF) << 8;
    }

    private double frames(AgentFrameResult r) {
        return registry.get("voxedge_gateway_agent_frames_total").tag("result", r.tag()).counter().count();
    }

    private static byte[] cancel(int userTs, int playedMs, int tag) {
        byte[] b = new byte[CancelPayload.LENGTH];
        CancelPayload.write(b, 0, userTs, playedMs, tag);
        return b;
    }

    @Test
    void userAudioReachesTheModelOnceInOrderAcrossASeqWrap() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        int[] seqs = {-3, -2, -1, -2, 0, 1, -1, 1, 2, 2};
        int delivered = 0;
        for (int seq : seqs) {
            if (s.onUserAudio(seq, seq * 960, opus(seq & 0xFFFF), 0, 3)) {
                delivered++;
            }
        }
        assertThat(delivered).isEqualTo(6);
        assertThat(s.duplicateUserFrames()).isEqualTo(4);
        long first = 0xFFFF_FFFDL;
        assertThat(adapter.userFrames).extracting(RecordingAdapter.UserFrame::seq)
                .containsExactly(first, first + 1, first + 2, first + 3, first + 4, first + 5);
        assertThat(adapter.userFrames).extracting(RecordingAdapter.UserFrame::mediaTs)
                .containsExactly((-3 * 960) & 0xFFFF_FFFFL, ((-3 * 960) & 0xFFFF_FFFFL) + 960, ((-3 * 960) & 0xFFFF_FFFFL) + 1920,
                        ((-3 * 960) & 0xFFFF_FFFFL) + 2880, ((-3 * 960) & 0xFFFF_FFFFL) + 3840, ((-3 * 960) & 0xFFFF_FFFFL) + 4800);
        assertThat(marker(adapter.userFrames.get(3).opus())).isZero();
        assertThat(registry.get("voxedge_gateway_user_frames_total").counter().count()).isEqualTo(6);
        assertThat(registry.get("voxedge_gateway_duplicate_frames_total").counter().count()).isEqualTo(4);
    }

    @Test
    void aGapIsPassedOnAsAGapForTheAdapterToConceal() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        s.onUserAudio(100, 0, opus(1), 0, 3);
        s.onUserAudio(103, 2880, opus(2), 0, 3); // the tunnel gave 101, 102 up
        assertThat(adapter.userFrames).extracting(RecordingAdapter.UserFrame::seq).containsExactly(100L, 103L);
    }

    @Test
    void agentFramesGoOutNoEarlierThanDueMinusLeadWithTagsAndPositions() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        long start = now;
        for (int k = 0; k < 100; k++) {
            s.onAgentAudio("resp-A", "item-A", 20L * k, opus(k), 0, 3, now); // the model runs far ahead
        }
        for (int step = 0; step <= 2200; step++) {
            now = start + step * MS;
            s.pace(now);
        }
        assertThat(sent).hasSize(100);
        for (int k = 0; k < 100; k++) {
            Sent f = sent.get(k);
            assertThat(f.seq()).isEqualTo(k);
            assertThat(f.tag()).isEqualTo(1);
            assertThat(f.mediaTs()).isEqualTo(960 * k);
            assertThat(marker(f.opus())).isEqualTo(k);
            long due = start + k * 20 * MS - 300 * MS;
            assertThat(f.at()).isGreaterThanOrEqualTo(due).isLessThanOrEqualTo(Math.max(start, due));
        }
        // the lead: frames 0..15 (due at or before the start) left at once
        assertThat(sent.stream().filter(f -> f.at() == start).count()).isEqualTo(16);
        assertThat(frames(AgentFrameResult.SENT)).isEqualTo(100);
    }

    @Test
    void aSecondResponseGetsTheNextTagContinuesTheSeqAndWaitsForTheFirst() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        long start = now;
        for (int k = 0; k < 50; k++) {
            s.onAgentAudio("r1", "i1", 20L * k, opus(k), 0, 3, now);
        }
        for (int k = 0; k < 10; k++) {
            s.onAgentAudio("r2", "i2", 20L * k, opus(100 + k), 0, 3, now);
        }
        for (int step = 0; step <= 1500; step++) {
            now = start + step * MS;
            s.pace(now);
        }
        assertThat(sent).hasSize(60);
        assertThat(s.lastTag()).isEqualTo(2);
        for (int i = 0; i < 60; i++) {
            assertThat(sent.get(i).seq()).isEqualTo(i);
            assertThat(sent.get(i).tag()).isEqualTo(i < 50 ? 1 : 2);
            assertThat(sent.get(i).mediaTs()).isEqualTo(960 * (i < 50 ? i : i - 50));
        }
        // r2 plays after r1's 1 s, so its first frame is due at 1 s − lead
        assertThat(sent.get(50).at()).isEqualTo(start + 700 * MS);
    }

    @Test
    void aModelSlowerThanRealTimeHasItsFramesSentOnArrival() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        long start = now;
        for (int k = 0; k < 20; k++) {
            now = start + k * 40 * MS; // one frame every 40 ms: half real time
            s.onAgentAudio("r", "i", 20L * k, opus(k), 0, 3, now);
            s.pace(now);
        }
        assertThat(sent).hasSize(20);
        for (int k = 0; k < 20; k++) {
            assertThat(sent.get(k).at()).isEqualTo(start + k * 40 * MS);
        }
        assertThat(frames(AgentFrameResult.SKIPPED_STALE)).isZero();
    }

    @Test
    void framesHeldPastTheStalenessAreSkippedAndTheRestStayOnTime() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        long start = now;
        for (int k = 0; k < 100; k++) {
            s.onAgentAudio("r", "i", 20L * k, opus(k), 0, 3, now);
        }
        now = start + 3000 * MS; // the gateway did not run for 3 s
        s.pace(now);
        // held more than 2 s past max(due, arrival): due = k·20 − 300 ms < 1000 ms, so k < 65
        assertThat(frames(AgentFrameResult.SKIPPED_STALE)).isEqualTo(65);
        assertThat(sent).hasSize(35);
        assertThat(marker(sent.getFirst().opus())).isEqualTo(65);
        assertThat(sent.getFirst().seq()).isZero(); // skipped frames use no seq
    }

    @Test
    void aModelOverrunningTheQueueLosesItsOldestFrames() {
        GatewaySession s = session(PacingSettings.of(java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofMillis(200)));
        for (int k = 0; k < 15; k++) {
            s.onAgentAudio("r", "i", 20L * k, opus(k), 0, 3, now);
        }
        assertThat(s.queuedFrames()).isEqualTo(10);
        assertThat(frames(AgentFrameResult.DROPPED_OVERRUN)).isEqualTo(5);
        now += 10_000 * MS;
        s.pace(now);
        // everything left was held 10 s: stale, skipped and counted, nothing sent
        assertThat(frames(AgentFrameResult.SKIPPED_STALE)).isEqualTo(10);
        assertThat(sent).isEmpty();
    }

    @Test
    void cancelStopsTheTaggedResponseAtOnceAndNamesTheItemAndPlayedMs() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        long start = now;
        for (int k = 0; k < 100; k++) {
            s.onAgentAudio("resp-1", "item-1", 20L * k, opus(k), 0, 3, now);
        }
        for (int step = 0; step <= 500; step++) {
            now = start + step * MS;
            s.pace(now);
        }
        int before = sent.size();
        assertThat(before).isEqualTo(41);
        assertThat(s.onCancel(cancel(48_000, 480, 1), 0, CancelPayload.LENGTH)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(adapter.cancels).containsExactly("item-1@480");
        assertThat(s.queuedFrames()).isZero();
        assertThat(frames(AgentFrameResult.CANCELLED)).isEqualTo(59);
        // frames of the cancelled response still in flight from the model are refused
        s.onAgentAudio("resp-1", "item-1", 2000, opus(1), 0, 3, now);
        s.pace(now + 5000 * MS);
        assertThat(sent).hasSize(before);
        assertThat(frames(AgentFrameResult.CANCELLED)).isEqualTo(60);
        // repeated, unknown and malformed cancels change nothing
        assertThat(s.onCancel(cancel(48_000, 480, 1), 0, CancelPayload.LENGTH)).isEqualTo(CancelOutcome.ALREADY_CANCELLED);
        assertThat(s.onCancel(cancel(48_000, 480, 7), 0, CancelPayload.LENGTH)).isEqualTo(CancelOutcome.UNKNOWN_TAG);
        assertThat(s.onCancel(cancel(48_000, 480, 0), 0, CancelPayload.LENGTH)).isEqualTo(CancelOutcome.UNKNOWN_TAG);
        assertThat(s.onCancel(new byte[8], 0, 8)).isEqualTo(CancelOutcome.MALFORMED);
        assertThat(s.onCancel(new byte[12], 4, 12)).isEqualTo(CancelOutcome.MALFORMED);
        assertThat(s.onCancel(null, 0, 12)).isEqualTo(CancelOutcome.MALFORMED);
        assertThat(adapter.cancels).hasSize(1);
        assertThat(registry.get("voxedge_gateway_cancels_total").counter().count()).isEqualTo(1);
        // the next response is tag 2 and starts at once (the cancelled one no longer plays)
        now += 6000 * MS;
        s.onAgentAudio("resp-2", "item-2", 0, opus(500), 0, 3, now);
        s.pace(now);
        assertThat(sent.getLast().tag()).isEqualTo(2);
        assertThat(sent.getLast().seq()).isEqualTo(before);
        assertThat(sent.getLast().mediaTs()).isZero();
    }

    @Test
    void cancelOfAnOlderResponseLeavesTheNewerOneAlone() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        for (int k = 0; k < 5; k++) {
            s.onAgentAudio("r1", "i1", 20L * k, opus(k), 0, 3, now);
        }
        for (int k = 0; k < 5; k++) {
            s.onAgentAudio("r2", "i2", 20L * k, opus(10 + k), 0, 3, now);
        }
        assertThat(s.onCancel(cancel(0, 60, 1), 0, CancelPayload.LENGTH)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(adapter.cancels).containsExactly("i1@60");
        assertThat(s.queuedFrames()).isEqualTo(5);
        s.pace(now + 10 * PacingSettings.FRAME_NANOS);
        assertThat(sent).extracting(Sent::tag).containsOnly(2);
    }

    @Test
    void aResponseWithTwoItemsCancelsTheLaterItemWithItsOwnOffset() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        for (int k = 0; k < 10; k++) {
            s.onAgentAudio("r", "first", 20L * k, opus(k), 0, 3, now);
        }
        for (int k = 0; k < 10; k++) {
            s.onAgentAudio("r", "second", 20L * k, opus(k), 0, 3, now);
        }
        s.onCancel(cancel(0, 300, 1), 0, CancelPayload.LENGTH);
        assertThat(adapter.cancels).containsExactly("second@100");
    }

    @Test
    void closeDropsTheQueueAndClosesTheModelOnce() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        for (int k = 0; k < 30; k++) {
            s.onAgentAudio("r", "i", 20L * k, opus(k), 0, 3, now);
        }
        s.close();
        s.close();
        assertThat(adapter.closeCalls).isEqualTo(1);
        assertThat(s.queuedFrames()).isZero();
        assertThat(s.onUserAudio(1, 0, opus(1), 0, 3)).isFalse();
        s.onAgentAudio("r", "i", 600, opus(1), 0, 3, now);
        assertThat(s.pace(now + 10_000 * MS)).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void oversizedOrEmptyAgentFramesAreRefused() {
        GatewaySession s = session(PacingSettings.DEFAULT);
        s.onAgentAudio("r", "i", 0, new byte[2000], 0, AgentAudioPayload.MAX_OPUS + 1, now);
        s.onAgentAudio("r", "i", 0, new byte[3], 0, 0, now);
        s.onAgentAudio(null, "i", 0, new byte[3], 0, 3, now);
        assertThat(s.queuedFrames()).isZero();
        assertThat(frames(AgentFrameResult.REFUSED)).isEqualTo(3);
        s.onAgentAudio("r", "i", 0, new byte[2000], 0, AgentAudioPayload.MAX_OPUS, now);
        s.pace(now);
        assertThat(sent.getFirst().opus()).hasSize(AgentAudioPayload.MAX_OPUS);
    }
}
