package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.dtls.DtlsEndpointListener;
import net.voxedge.edge.dtls.DtlsServerEndpoint;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.testing.AllocationMeter;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.Test;

/**
 * Once the client's first SRTP authenticates, the session lets go of its DTLS association (the
 * bulk of an active session's memory) and keeps only the close_notify it wrote in advance: media
 * still flows, the association is collectable, late DTLS is dropped and counted, and ending the
 * session still sends a close_notify the client accepts.
 */
class DtlsReleaseTest {

    @Test
    void afterTheFirstSrtpTheAssociationIsGoneMediaFlowsAndTheEndStillSendsCloseNotify() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            TestCaller caller = new TestCaller(edge, 40_101);
            caller.iceCheck();
            caller.handshake();
            EdgeFixture.await("the keys installed", Duration.ofSeconds(10),
                    () -> onLoop(edge, () -> caller.session.srtpIn != null));
            WeakReference<DtlsServerEndpoint> endpoint = edge.onLoop(() -> new WeakReference<>(caller.session.dtls));
            assertThat(endpoint.get()).isNotNull();
            assertThat(edge.metrics.dtlsReleasedCount()).as("nothing released before media").isZero();

            caller.sendRtp(1);
            assertThat(caller.nextEcho().seq()).isEqualTo(1);
            EdgeFixture.await("the association released", Duration.ofSeconds(10),
                    () -> edge.metrics.dtlsReleasedCount() == 1);
            assertThat(edge.onLoop(() -> caller.session.dtls)).isNull();
            assertThat(edge.onLoop(() -> caller.session.closeNotify)).isNotEmpty();
            for (int i = 0; i < 50 && endpoint.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertThat(endpoint.get()).as("the endpoint (and the association only its thread held) collected").isNull();

            // Media goes on as before, both ways, RTCP included.
            for (int seq = 2; seq < 6; seq++) {
                caller.sendRtp(seq);
                assertThat(caller.nextEcho().seq()).isEqualTo(seq);
            }
            caller.sendRtcp();
            edge.drain();

            // The client's last flight once more (a retransmission reordered behind its media): dropped, counted, unanswered.
            int dtlsSent = edge.sender.allDtls.size();
            byte[] lastFlight = caller.sentDtls.get(caller.sentDtls.size() - 1);
            edge.deliver(lastFlight, caller.address);
            edge.drain();
            assertThat(edge.metrics.dropCount(DropReason.DTLS_AFTER_RELEASE)).isEqualTo(1);
            assertThat(edge.sender.allDtls).hasSize(dtlsSent);
            assertThat(edge.drops(DropReason.values()) - 1).as("no other drop").isZero();

            // The end: one close_notify, which the client's DTLS accepts as such.
            edge.manager.close(caller.session, CloseReason.DELETED);
            edge.drain();
            assertThat(edge.sender.allDtls).hasSize(dtlsSent + 1);
            assertThat(caller.readUntilCloseNotify()).isTrue();
            assertThat(edge.onLoop(() -> caller.session.closeNotify)).isNull();
        }
    }

    @Test
    void aSessionEndingWhileTheReleaseIsInFlightSendsItsCloseNotifyOnce() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            // Hold the release's report on the DTLS thread until the session has ended on its loop.
            CountDownLatch reported = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            edge.manager.wrapDtlsListeners(l -> new DtlsEndpointListener() {
                @Override
                public void onHandshakeComplete(int profile, byte[] keys, long nanos) {
                    l.onHandshakeComplete(profile, keys, nanos);
                }

                @Override
                public void onHandshakeFailed(String reason) {
                    l.onHandshakeFailed(reason);
                }

                @Override
                public void onClosed(String reason) {
                    l.onClosed(reason);
                }

                @Override
                public void onReleased(byte[] closeNotify) {
                    reported.countDown();
                    boolean interrupted = false;
                    while (true) {
                        try {
                            go.await(30, TimeUnit.SECONDS);
                            break;
                        } catch (InterruptedException e) {
                            // close() interrupts the thread though it has nothing to stop any more: keep waiting.
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    l.onReleased(closeNotify);
                }
            });
            TestCaller caller = new TestCaller(edge, 40_102);
            caller.iceCheck();
            caller.handshake();
            caller.sendRtp(1);
            assertThat(caller.nextEcho().seq()).isEqualTo(1);
            assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
            int dtlsSent = edge.sender.allDtls.size();

            edge.manager.close(caller.session, CloseReason.DELETED);
            edge.drain();
            assertThat(edge.sender.allDtls).as("the endpoint's thread no longer sends").hasSize(dtlsSent);
            go.countDown();
            EdgeFixture.await("the release reported", Duration.ofSeconds(10), () -> edge.metrics.dtlsReleasedCount() == 1);
            edge.drain();
            assertThat(edge.sender.allDtls).as("exactly one close_notify").hasSize(dtlsSent + 1);
            assertThat(caller.readUntilCloseNotify()).isTrue();
        }
    }

    @Test
    void thePeersCloseNotifyAfterTheReleaseEndsTheSessionOnceTheClientHasGoneQuiet() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            TestCaller caller = released(edge, 40_103);
            caller.dtls.close(); // the browser's PeerConnection.close(): close_notify, then silence
            edge.drain();
            assertThat(edge.metrics.dropCount(DropReason.DTLS_AFTER_RELEASE)).isEqualTo(1);
            assertThat(caller.session.isClosed()).as("an unauthenticated alert alone ends nothing").isFalse();

            long hint = edge.onLoop(() -> caller.session.peerCloseHintNanos);
            edge.onLoop(() -> {
                edge.worker.tickAt(hint + TimeUnit.SECONDS.toNanos(5));
                return null;
            });
            assertThat(caller.session.isClosed()).as("within the grace").isFalse();
            edge.onLoop(() -> {
                edge.worker.tickAt(hint + TimeUnit.SECONDS.toNanos(7));
                return null;
            });
            assertThat(caller.session.isClosed()).isTrue();
            assertThat(caller.session.closeReason()).isEqualTo(CloseReason.DTLS_CLOSED);
        }
    }

    @Test
    void aForgedAlertFromTheClientsAddressCannotEndALiveCall() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            TestCaller caller = released(edge, 40_104);
            // Alert-typed, epoch 1, right length for GCM, garbage inside: all an off-path spoofer can make.
            byte[] forged = new byte[39];
            forged[0] = 21;
            forged[1] = (byte) 0xFE;
            forged[2] = (byte) 0xFD;
            forged[4] = 1;
            forged[12] = 26;
            edge.deliver(forged, caller.address);
            caller.sendRtp(2);
            assertThat(caller.nextEcho().seq()).isEqualTo(2);
            long hint = edge.onLoop(() -> caller.session.peerCloseHintNanos);
            assertThat(hint).isNotZero();
            edge.onLoop(() -> {
                edge.worker.tickAt(hint + TimeUnit.SECONDS.toNanos(7));
                return null;
            });
            assertThat(caller.session.isClosed()).as("its media proved it alive").isFalse();
            assertThat(edge.onLoop(() -> caller.session.peerCloseHintNanos)).isZero();
        }
    }

    @Test
    void afterTheReleaseTheEchoPathAllocatesNothing() throws Exception {
        try (WorkerHarness edge = new WorkerHarness()) {
            // AES-CM: the JDK's GCM allocates per packet inside javax.crypto (BENCHMARKS.md, SRTP), CM does not.
            TestCaller caller = released(edge, 40_105, SrtpProfile.AES128_CM_HMAC_SHA1_80);
            int calls = 2_000;
            byte[][] packets = new byte[2 * calls][];
            for (int i = 0; i < packets.length; i++) {
                packets[i] = caller.protectedRtp(2 + i);
            }
            double bytes = edge.onLoop(() -> {
                edge.sender.recording = false;
                byte[] scratch = new byte[2048];
                int[] next = {0};
                double b = AllocationMeter.bytesPerCall(calls, () -> {
                    byte[] p = packets[next[0]++];
                    System.arraycopy(p, 0, scratch, 0, p.length);
                    edge.worker.onDatagram(scratch, p.length, caller.address, 0);
                });
                edge.sender.recording = true;
                return b;
            });
            assertThat(edge.sender.counted).as("every packet echoed").isEqualTo(packets.length);
            assertThat(edge.drops(DropReason.values())).isZero();
            assertThat(bytes).as("bytes allocated per echoed packet").isLessThan(1.0);
        }
    }

    /** A caller whose session has echoed one packet and released its DTLS association. */
    private static TestCaller released(WorkerHarness edge, int port) throws Exception {
        return released(edge, port, SrtpProfile.AEAD_AES_128_GCM);
    }

    private static TestCaller released(WorkerHarness edge, int port, SrtpProfile profile) throws Exception {
        TestCaller caller = new TestCaller(edge, port, profile);
        caller.iceCheck();
        caller.handshake();
        caller.sendRtp(1);
        assertThat(caller.nextEcho().seq()).isEqualTo(1);
        EdgeFixture.await("the association released", Duration.ofSeconds(10),
                () -> edge.metrics.dtlsReleasedCount() == 1);
        edge.drain();
        return caller;
    }

    private static boolean onLoop(WorkerHarness edge, java.util.concurrent.Callable<Boolean> c) {
        try {
            return edge.onLoop(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
