package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

/**
 * The start-up race: BouncyCastle sends our Finished before the edge has the SRTP keys, and a
 * browser sends SRTP the moment it has our Finished. With key publication held back by a
 * {@link KeyGate}, the client's first packets provably reach the worker before the keys; they must
 * be held and then decrypted and echoed, in order, once the keys are in.
 */
class SrtpBeforeKeysTest {

    @Test
    void mediaBeforeTheKeysIsHeldThenEchoedInOrderOnceTheyAreInstalled() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            KeyGate gate = new KeyGate();
            edge.manager.wrapDtlsListeners(gate::wrap);
            TestCaller caller = new TestCaller(edge, 40_001);
            caller.iceCheck();
            caller.handshake();
            assertThat(gate.awaitReached()).as("the client has our Finished while the keys wait at the gate").isTrue();

            for (int seq = 100; seq < 105; seq++) {
                caller.sendRtp(seq);
            }
            caller.sendRtcp();
            edge.drain();
            assertThat(edge.metrics.rtpHeldCount()).as("held: 5 RTP + 1 RTCP").isEqualTo(6);
            assertThat(edge.metrics.rtpHeldReplayedCount()).isZero();
            assertThat(caller.pendingRtp()).as("nothing echoed without keys").isZero();
            assertThat(edge.metrics.dropCount(DropReason.RTP_BEFORE_KEYS)).isZero();

            gate.open();
            List<Integer> echoed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                TestCaller.Echo e = caller.nextEcho();
                echoed.add(e.seq());
                assertThat(e.payload()).isEqualTo(TestCaller.payload(e.seq()));
                assertThat(e.ssrc()).isEqualTo(caller.session.localSsrc());
            }
            assertThat(echoed).as("in arrival order").containsExactly(100, 101, 102, 103, 104);
            edge.drain();
            assertThat(edge.metrics.rtpHeldReplayedCount()).isEqualTo(6);
            assertThat(edge.onLoop(() -> caller.session.held)).as("the buffer is let go after the replay").isNull();

            // Media after the keys takes the normal path, behind the replayed packets.
            caller.sendRtp(105);
            assertThat(caller.nextEcho().seq()).isEqualTo(105);
            edge.drain();
            assertThat(edge.metrics.rtpHeldCount()).isEqualTo(6);
            assertThat(edge.drops(DropReason.values())).as("no drop of any kind").isZero();
        }
    }

    @Test
    void beyondTheBoundTheRestIsDroppedAndCountedAndTheHeldOnesStillPlay() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            KeyGate gate = new KeyGate();
            edge.manager.wrapDtlsListeners(gate::wrap);
            TestCaller caller = new TestCaller(edge, 40_002);
            caller.iceCheck();
            caller.handshake();
            int sent = HeldMedia.MAX_PACKETS + 3;
            for (int seq = 0; seq < sent; seq++) {
                caller.sendRtp(seq);
            }
            edge.drain();
            assertThat(edge.metrics.rtpHeldCount()).isEqualTo(HeldMedia.MAX_PACKETS);
            assertThat(edge.metrics.dropCount(DropReason.RTP_HOLD_OVERFLOW)).isEqualTo(3);

            gate.open();
            for (int seq = 0; seq < HeldMedia.MAX_PACKETS; seq++) {
                assertThat(caller.nextEcho().seq()).isEqualTo(seq);
            }
            edge.drain();
            assertThat(caller.pendingRtp()).as("the overflow is not echoed").isZero();
            assertThat(edge.metrics.rtpHeldReplayedCount()).isEqualTo(HeldMedia.MAX_PACKETS);
        }
    }

    @Test
    void heldMediaOfASessionThatEndsBeforeItsKeysIsDiscardedAndCounted() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            KeyGate gate = new KeyGate();
            edge.manager.wrapDtlsListeners(gate::wrap);
            TestCaller caller = new TestCaller(edge, 40_003);
            caller.iceCheck();
            caller.handshake();
            for (int seq = 0; seq < 3; seq++) {
                caller.sendRtp(seq);
            }
            edge.drain();
            assertThat(edge.metrics.rtpHeldCount()).isEqualTo(3);

            edge.manager.close(caller.session, net.voxedge.edge.metrics.CloseReason.DELETED);
            edge.drain();
            assertThat(edge.metrics.dropCount(DropReason.RTP_HELD_DISCARDED)).isEqualTo(3);
            assertThat(edge.onLoop(() -> caller.session.held)).isNull();

            gate.open();
            edge.drain();
            assertThat(edge.metrics.rtpHeldReplayedCount()).isZero();
            assertThat(caller.pendingRtp()).isZero();
        }
    }

    @Test
    void mediaWithNoHandshakeUnderWayIsDroppedAsBeforeKeysNotHeld() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            TestCaller caller = new TestCaller(edge, 40_004);
            caller.iceCheck();
            caller.useKeysWithoutHandshake(SrtpProfile.AEAD_AES_128_GCM);
            caller.sendRtp(1);
            caller.sendRtcp();
            edge.drain();
            assertThat(edge.metrics.dropCount(DropReason.RTP_BEFORE_KEYS)).isEqualTo(2);
            assertThat(edge.metrics.rtpHeldCount()).isZero();
            assertThat(edge.onLoop(() -> caller.session.held)).isNull();
        }
    }
}
