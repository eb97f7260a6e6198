package net.voxedge.edge.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.voxedge.edge.turn.AgentAudioPacer.Offer;
import org.junit.jupiter.api.Test;

class AgentAudioPacerTest {

    private static final long MS = 1_000_000L;
    private static final long FRAME = 20 * MS;
    private static final long PREBUFFER = 40 * MS;
    private static final long T0 = 1_000_000 * MS;

    private final byte[] out = new byte[2048];

    private static byte[] frame(int n, int len) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) {
            f[i] = (byte) (n * 31 + i);
        }
        return f;
    }

    private static Offer offer(AgentAudioPacer p, int n, int len, int tag, long now) {
        byte[] f = frame(n, len);
        return p.offer(f, 0, f.length, n * 960L, tag, now);
    }

    @Test
    void framesArrivingInRealTimeWaitThePrebufferThenPlayOnePerFrameTime() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, PREBUFFER);
        assertThat(offer(p, 0, 80, 1, T0)).isEqualTo(Offer.QUEUED);
        assertThat(p.nextDueNanos()).isEqualTo(T0 + PREBUFFER);
        assertThat(offer(p, 1, 80, 1, T0 + FRAME)).isEqualTo(Offer.QUEUED);
        assertThat(p.nextDueNanos()).as("one frame behind the first does not cover 40 ms").isEqualTo(T0 + PREBUFFER);
        assertThat(p.poll(T0 + PREBUFFER - 1, out, 0)).isEqualTo(-1);
        assertThat(p.poll(T0 + PREBUFFER, out, 0)).isEqualTo(80);
        assertThat(offer(p, 2, 80, 1, T0 + 2 * FRAME)).isEqualTo(Offer.QUEUED);
        assertThat(offer(p, 3, 80, 1, T0 + 3 * FRAME)).isEqualTo(Offer.QUEUED);
        assertThat(p.nextDueNanos()).as("playing: the cadence holds, no early release").isEqualTo(T0 + PREBUFFER + FRAME);
    }

    @Test
    void aBurstCoveringThePrebufferStartsAtOnceThenPlaysOneFramePerFrameTime() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, PREBUFFER);
        assertThat(offer(p, 0, 80, 1, T0)).isEqualTo(Offer.QUEUED);
        assertThat(offer(p, 1, 81, 1, T0 + MS)).isEqualTo(Offer.QUEUED);
        assertThat(p.nextDueNanos()).isEqualTo(T0 + PREBUFFER);
        long start = T0 + 2 * MS;
        for (int n = 2; n < 10; n++) {
            assertThat(offer(p, n, 80 + n, 1, start)).isEqualTo(Offer.QUEUED);
        }
        assertThat(p.nextDueNanos()).as("40 ms wait behind the first frame: no need to wait").isEqualTo(start);
        for (int n = 0; n < 10; n++) {
            long due = start + n * FRAME;
            assertThat(p.poll(due - 1, out, 0)).as("frame %d early", n).isEqualTo(-1);
            int len = p.poll(due, out, 0);
            assertThat(len).as("frame %d", n).isEqualTo(80 + n);
            assertThat(java.util.Arrays.copyOf(out, len)).isEqualTo(frame(n, 80 + n));
            assertThat(p.releasedMediaTs()).isEqualTo(n * 960L);
            assertThat(p.poll(due, out, 0)).as("only one frame per frame time").isEqualTo(-1);
        }
        assertThat(p.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(p.playedMillis(1)).isEqualTo(200);
    }

    @Test
    void theRingIsAllocatedByTheFirstQueuedFrameOnly() {
        AgentAudioPacer p = AgentAudioPacer.withDefaults();
        assertThat(p.allocated()).isFalse();
        assertThat(p.poll(T0, out, 0)).isEqualTo(-1);
        assertThat(p.flush(1)).isZero();
        assertThat(offer(p, 0, 80, 1, T0)).as("a cancelled response's frame").isEqualTo(Offer.CANCELLED);
        assertThat(p.offer(new byte[0], 0, 0, 0, 2, T0)).isEqualTo(Offer.BAD_SIZE);
        assertThat(offer(p, 0, 16 * 1024, 2, T0)).as("larger than the ring").isEqualTo(Offer.BAD_SIZE);
        assertThat(p.allocated()).as("nothing queued yet").isFalse();
        assertThat(offer(p, 0, 80, 2, T0)).isEqualTo(Offer.QUEUED);
        assertThat(p.allocated()).isTrue();
        assertThat(p.poll(T0 + 40 * MS, out, 0)).isEqualTo(80);
        assertThat(java.util.Arrays.copyOf(out, 80)).isEqualTo(frame(0, 80));
    }

    @Test
    void aLateTimerDoesNotBurstToCatchUp() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, 0);
        for (int n = 0; n < 5; n++) {
            offer(p, n, 50, 1, T0);
        }
        assertThat(p.poll(T0 + 100 * MS, out, 0)).isEqualTo(50);
        assertThat(p.poll(T0 + 100 * MS, out, 0)).isEqualTo(-1);
        assertThat(p.poll(T0 + 110 * MS, out, 0)).isEqualTo(50);
    }

    @Test
    void aDryRingPausesTheClockAndTheNextSpurtPrebuffersAgain() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, PREBUFFER);
        offer(p, 0, 60, 1, T0);
        assertThat(p.poll(T0 + PREBUFFER, out, 0)).isEqualTo(60);
        long later = T0 + 500 * MS;
        assertThat(offer(p, 1, 60, 1, later)).as("late, but not stale: played with a gap").isEqualTo(Offer.QUEUED);
        assertThat(p.poll(later + PREBUFFER - 1, out, 0)).isEqualTo(-1);
        assertThat(p.poll(later + PREBUFFER, out, 0)).isEqualTo(60);
    }

    @Test
    void framesNotAfterThePlayedOneAreStale() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, 0);
        offer(p, 5, 60, 1, T0);
        p.poll(T0, out, 0);
        assertThat(offer(p, 5, 60, 1, T0)).isEqualTo(Offer.STALE);
        assertThat(offer(p, 4, 60, 1, T0)).isEqualTo(Offer.STALE);
        assertThat(offer(p, 6, 60, 1, T0)).isEqualTo(Offer.QUEUED);
    }

    @Test
    void flushDropsEverythingAndRefusesTheCancelledResponseStillInFlight() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, 0);
        for (int n = 0; n < 8; n++) {
            offer(p, n, 70, 3, T0);
        }
        p.poll(T0, out, 0);
        p.poll(T0 + FRAME, out, 0);
        assertThat(p.playedMillis(3)).isEqualTo(40);
        assertThat(p.flush(3)).isEqualTo(6);
        assertThat(p.poll(T0 + 10 * FRAME, out, 0)).isEqualTo(-1);
        assertThat(offer(p, 8, 70, 3, T0)).isEqualTo(Offer.CANCELLED);
        assertThat(offer(p, 0, 70, 2, T0)).isEqualTo(Offer.CANCELLED);
        assertThat(offer(p, 0, 70, 4, T0 + 20 * FRAME)).isEqualTo(Offer.QUEUED);
        assertThat(p.poll(T0 + 20 * FRAME, out, 0)).isEqualTo(70);
    }

    @Test
    void anOlderResponseIsSupersededByANewerOne() {
        AgentAudioPacer p = new AgentAudioPacer(64, 16384, FRAME, 0);
        offer(p, 0, 70, 7, T0);
        assertThat(offer(p, 1, 70, 6, T0)).isEqualTo(Offer.CANCELLED);
    }

    @Test
    void aFullRingRefusesTheNewestAndKeepsWhatItHas() {
        AgentAudioPacer p = new AgentAudioPacer(4, 16384, FRAME, 0);
        for (int n = 0; n < 4; n++) {
            assertThat(offer(p, n, 10, 1, T0)).isEqualTo(Offer.QUEUED);
        }
        assertThat(offer(p, 4, 10, 1, T0)).isEqualTo(Offer.FULL);
        AgentAudioPacer bytes = new AgentAudioPacer(64, 100, FRAME, 0);
        assertThat(offer(bytes, 0, 60, 1, T0)).isEqualTo(Offer.QUEUED);
        assertThat(offer(bytes, 1, 60, 1, T0)).isEqualTo(Offer.FULL);
        assertThat(offer(bytes, 1, 200, 1, T0)).isEqualTo(Offer.BAD_SIZE);
        assertThat(offer(bytes, 1, 0, 1, T0)).isEqualTo(Offer.BAD_SIZE);
        assertThat(bytes.poll(T0, out, 0)).isEqualTo(60);
        assertThat(java.util.Arrays.copyOf(out, 60)).isEqualTo(frame(0, 60));
    }

    /** Random sizes through a small ring: every queued frame comes out intact and in order. */
    @Test
    void theByteRingWrapsWithoutCorruptingFrames() {
        AgentAudioPacer p = new AgentAudioPacer(16, 1000, FRAME, 0);
        Random rnd = new Random(42);
        List<byte[]> expected = new ArrayList<>();
        long now = T0;
        int n = 0;
        int refused = 0;
        for (int step = 0; step < 5000; step++) {
            if (rnd.nextInt(3) > 0) {
                int len = 1 + rnd.nextInt(300);
                byte[] f = frame(n, len);
                Offer o = p.offer(f, 0, len, n * 960L, 1, now);
                if (o == Offer.QUEUED) {
                    expected.add(f);
                    n++;
                } else {
                    assertThat(o).isEqualTo(Offer.FULL);
                    refused++;
                }
            } else {
                now += FRAME;
                int len = p.poll(now, out, 0);
                if (len >= 0) {
                    assertThat(java.util.Arrays.copyOf(out, len)).isEqualTo(expected.removeFirst());
                }
            }
        }
        assertThat(refused).as("the ring did fill up sometimes").isPositive();
        assertThat(n).isGreaterThan(1000);
        while (!expected.isEmpty()) {
            now += FRAME;
            int len = p.poll(now, out, 0);
            assertThat(java.util.Arrays.copyOf(out, len)).isEqualTo(expected.removeFirst());
        }
    }

    /** Growth while the ring has wrapped: frames keep their order and bytes; the ring stays as small as they let it. */
    @Test
    void theRingGrowsOnlyAsFramesNeedAndKeepsOrderAcrossGrowth() {
        AgentAudioPacer p = AgentAudioPacer.withDefaults(); // 64 frames, 16 KiB
        long now = T0;
        // Voice-sized frames (~80 B) in real time: one waits at a time, the first ring never grows.
        for (int n = 0; n < 200; n++) {
            assertThat(offer(p, n, 80, 1, now)).isEqualTo(Offer.QUEUED);
            now += FRAME;
            assertThat(p.poll(now + 40_000_000L, out, 0)).isEqualTo(80);
        }
        assertThat(p.ringBytes()).isEqualTo(1024);
        // A burst far ahead of real time, with frames of every size, some played between arrivals so the
        // ring has wrapped when it grows: everything comes out intact, in order, and the ring stops at 16 KiB.
        Random rnd = new Random(7);
        List<byte[]> expected = new ArrayList<>();
        int n = 1000;
        int growthSteps = 0;
        for (int i = 0; i < 400; i++) {
            int len = 1 + rnd.nextInt(400);
            byte[] f = frame(n, len);
            int before = p.ringBytes();
            Offer o = p.offer(f, 0, len, n * 960L, 2, now);
            if (o == Offer.QUEUED) {
                expected.add(f);
                n++;
                if (p.ringBytes() > before && i > 0) {
                    growthSteps++;
                }
            } else {
                assertThat(o).isEqualTo(Offer.FULL);
            }
            if (rnd.nextInt(4) == 0) {
                now += FRAME;
                int got = p.poll(now, out, 0);
                if (got >= 0) {
                    assertThat(java.util.Arrays.copyOf(out, got)).isEqualTo(expected.removeFirst());
                }
            }
            assertThat(p.ringBytes()).isLessThanOrEqualTo(16 * 1024);
        }
        assertThat(growthSteps).as("growth steps during the burst").isPositive();
        assertThat(p.ringBytes()).isEqualTo(16 * 1024);
        while (!expected.isEmpty()) {
            now += FRAME;
            int got = p.poll(now, out, 0);
            assertThat(java.util.Arrays.copyOf(out, got)).isEqualTo(expected.removeFirst());
        }
    }

    @Test
    void speakingCoversTheLastFrameWhilstItPlays() {
        AgentAudioPacer p = new AgentAudioPacer(8, 1000, FRAME, 0);
        assertThat(p.speaking(T0)).isFalse();
        offer(p, 0, 10, 1, T0);
        assertThat(p.speaking(T0)).isTrue();
        p.poll(T0, out, 0);
        assertThat(p.speaking(T0 + FRAME - 1)).isTrue();
        assertThat(p.speaking(T0 + FRAME)).isFalse();
    }
}
