package net.voxedge.edge.turn;

import static org.assertj.core.api.Assertions.assertThat;

import net.voxedge.edge.testing.AllocationMeter;
import net.voxedge.edge.turn.TurnTaker.UserEvent;
import org.junit.jupiter.api.Test;

class TurnTakerTest {

    private static final long MS = 1_000_000L;
    private static final long FRAME = 20 * MS;
    private static final int QUIET = 127;
    private static final int LOUD = 20;

    private final byte[] out = new byte[2048];
    private final byte[] agentFrame = new byte[90];

    private static TurnTaker taker() {
        return new TurnTaker(new SpeechOnsetDetector(50, 2, 10),
                new AgentAudioPacer(256, 64 * 1024, FRAME, 40 * MS), 600 * MS);
    }

    @Test
    void userSpeakingIntoSilenceIsATurnNotABargeIn() {
        TurnTaker t = taker();
        long now = 0;
        assertThat(t.onUserPacket(LOUD, now)).isEqualTo(UserEvent.NONE);
        assertThat(t.onUserPacket(LOUD, now += FRAME)).isEqualTo(UserEvent.USER_STARTED);
        UserEvent last = UserEvent.NONE;
        for (int i = 0; i < 10; i++) {
            last = t.onUserPacket(QUIET, now += FRAME);
        }
        assertThat(last).isEqualTo(UserEvent.USER_STOPPED);
        assertThat(t.bargeIns()).isZero();
    }

    /**
     * The agent's whole 3 s reply arrives in a burst; the user speaks over it at 1 s. From the onset
     * packet on, not one more agent frame is released, although the cluster's frames of the same
     * response keep arriving for a backbone round trip.
     */
    @Test
    void bargeInStopsAgentAudioAtTheOnsetPacket() {
        TurnTaker t = taker();
        long now = 0;
        for (int n = 0; n < 150; n++) {
            assertThat(t.offerAgentFrame(agentFrame, 0, agentFrame.length, n * 960L, 9, now))
                    .isEqualTo(AgentAudioPacer.Offer.QUEUED);
        }
        int released = 0;
        UserEvent event = UserEvent.NONE;
        long onsetAt = -1;
        int releasedAfterOnset = 0;
        for (int tick = 0; tick < 200; tick++) {
            now += FRAME;
            if (t.pollAgentFrame(now, out, 0) >= 0) {
                released++;
                if (onsetAt >= 0) {
                    releasedAfterOnset++;
                }
            }
            int level = tick >= 50 ? LOUD : QUIET;
            UserEvent e = t.onUserPacket(level, now);
            if (e == UserEvent.BARGE_IN) {
                event = e;
                onsetAt = now;
            }
            if (onsetAt >= 0 && now - onsetAt <= 80 * MS) {
                // the rest of the response is still in flight from the cluster
                t.offerAgentFrame(agentFrame, 0, agentFrame.length, (150 + tick) * 960L, 9, now);
            }
        }
        assertThat(event).isEqualTo(UserEvent.BARGE_IN);
        assertThat(releasedAfterOnset).isZero();
        assertThat(t.cancelledTag()).isEqualTo(9);
        assertThat(t.playedMillisAtCancel()).isEqualTo(released * 20L);
        assertThat(t.droppedAtCancel()).isEqualTo(150 - released);
        assertThat(t.bargeIns()).isEqualTo(1);
    }

    @Test
    void aPauseBetweenTheAgentsSentencesIsStillItsTurn() {
        TurnTaker t = taker();
        long now = 0;
        t.offerAgentFrame(agentFrame, 0, agentFrame.length, 0, 1, now);
        now += 40 * MS;
        assertThat(t.pollAgentFrame(now, out, 0)).isPositive();
        now += 300 * MS; // nothing queued, the model is between sentences
        t.onUserPacket(LOUD, now);
        assertThat(t.onUserPacket(LOUD, now + FRAME)).isEqualTo(UserEvent.BARGE_IN);
        assertThat(t.playedMillisAtCancel()).isEqualTo(20);
    }

    @Test
    void longAfterTheAgentsLastFrameTheUserJustTakesTheTurn() {
        TurnTaker t = taker();
        t.offerAgentFrame(agentFrame, 0, agentFrame.length, 0, 1, 0);
        t.pollAgentFrame(40 * MS, out, 0);
        long now = 2_000 * MS;
        t.onUserPacket(LOUD, now);
        assertThat(t.onUserPacket(LOUD, now + FRAME)).isEqualTo(UserEvent.USER_STARTED);
    }

    @Test
    void theSteadyPathAllocatesNothing() {
        TurnTaker t = taker();
        long[] now = {0};
        long[] ts = {0};
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> {
            now[0] += FRAME;
            t.offerAgentFrame(agentFrame, 0, agentFrame.length, ts[0] += 960, 1, now[0]);
            t.pollAgentFrame(now[0], out, 0);
            t.onUserPacket((now[0] / FRAME) % 40 < 20 ? LOUD : QUIET, now[0]);
        });
        assertThat(bytes).isLessThan(1.0);
    }
}
