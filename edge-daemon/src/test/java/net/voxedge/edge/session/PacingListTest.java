package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.metrics.EdgeMetrics;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.transport.DatagramSender;
import net.voxedge.edge.turn.AgentAudioPacer;
import org.junit.jupiter.api.Test;

/**
 * The 5 ms pacing tick walks only the sessions that have agent audio waiting (or link work
 * pending), and it still paces every one of them: each gets all of its frames, the others none,
 * and the list empties once the rings do.
 */
class PacingListTest {
    private static final int SESSIONS = 6;
    private static final int WITH_AUDIO = 3;
    private static final int FRAMES = 4;

    @Test
    void theTickPacesEverySessionWithQueuedAudioAndWalksNoOther() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            EdgeConfig config = EdgeConfig.load(EdgeFixture.config("media.handler", "parrot",
                    "ice.probeIntervalSeconds", "0"));
            SessionManager manager = new SessionManager(config, new EdgeMetrics());
            CountingSender sender = new CountingSender(loop);
            MediaWorker worker = onLoop(loop, () -> manager.newWorker(sender));
            manager.mediaReady(List.of(new InetSocketAddress("127.0.0.1", 3478)));
            List<EdgeSession> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String callId = manager.create(EdgeFixture.offer(), "pacing-test").callId();
                sessions.add(manager.registry().byCallId(callId));
            }
            SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExport(SrtpProfile.AES128_CM_HMAC_SHA1_80, new byte[60], true);
            onLoop(loop, () -> {
                for (int i = 0; i < SESSIONS; i++) {
                    // What ICE and DTLS leave behind, set by hand: homed here, a selected address, keys, agent open.
                    EdgeSession s = sessions.get(i);
                    s.claimHome(worker);
                    s.selected = new InetSocketAddress("127.0.0.1", 40_000 + i);
                    s.srtpOut = SrtpContext.forSending(keys);
                    s.agentOpened = true;
                }
                return null;
            });
            assertThat(onLoop(loop, worker::pacingCount)).as("no audio anywhere: nothing to walk").isZero();

            onLoop(loop, () -> {
                byte[] frame = new byte[80];
                for (int i = 0; i < WITH_AUDIO; i++) {
                    for (int f = 0; f < FRAMES; f++) {
                        AgentAudioPacer.Offer o = sessions.get(i).offerAgentFrame(frame, 0, frame.length, f * 960L, 1,
                                System.nanoTime());
                        assertThat(o).isEqualTo(AgentAudioPacer.Offer.QUEUED);
                    }
                }
                assertThat(worker.pacingCount()).as("listed once each, however many frames").isEqualTo(WITH_AUDIO);
                return null;
            });

            // Bounded wait (count and time) for the tick to release every frame.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sender.total() < WITH_AUDIO * FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            for (int i = 0; i < SESSIONS; i++) {
                assertThat(sender.sentTo(40_000 + i)).as("frames sent to session %d", i)
                        .isEqualTo(i < WITH_AUDIO ? FRAMES : 0);
            }
            while (onLoop(loop, worker::pacingCount) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(onLoop(loop, worker::pacingCount)).as("rings empty: off the list").isZero();
            assertThat(sender.total()).isEqualTo(WITH_AUDIO * FRAMES);
            manager.close();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    /** Counts the datagrams sent to each port; sends come from the loop, reads from the test thread. */
    private static final class CountingSender implements DatagramSender {
        private final EventLoop loop;
        private final Map<Integer, AtomicInteger> byPort = new ConcurrentHashMap<>();
        private final AtomicInteger total = new AtomicInteger();

        CountingSender(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public void send(int socket, byte[] buf, int off, int len, InetSocketAddress to) {
            // RTP only (RFC 7983 first byte 128..191; RTCP's packet types are 192..223 in the second byte).
            int pt = buf[off + 1] & 0x7F;
            if ((buf[off] & 0xC0) == 0x80 && !(pt >= 64 && pt <= 95)) {
                byPort.computeIfAbsent(to.getPort(), p -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
            }
        }

        @Override
        public int socketFor(InetSocketAddress to, int hint) {
            return 0;
        }

        int sentTo(int port) {
            AtomicInteger n = byPort.get(port);
            return n == null ? 0 : n.get();
        }

        int total() {
            return total.get();
        }
    }
}
