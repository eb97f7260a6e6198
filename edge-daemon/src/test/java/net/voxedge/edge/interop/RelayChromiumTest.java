package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.relay.Relay;
import net.voxedge.edge.session.EdgeSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real headless Chromium through the cross-host relay: the call is POSTed to edge A (pop 1, 127.0.0.2), the
 * answer's candidates are rewritten to hold only edge B's media address (pop 2, 127.0.0.3), so the browser
 * does ICE, DTLS and SRTP with B only, and B relays everything to A. The echo must come back complete at the
 * level the browser sent.
 */
@Tag(InteropTag.NAME)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RelayChromiumTest {
    @Test
    void aBrowserThatReachesOnlyTheOtherHostHearsItsEcho() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/node", "/usr/bin/sox")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (scripts/install-test-deps)");
        }
        JsPeerDirectory.ensureInstalled();
        try (ScratchDir scratch = ScratchDir.create("voxedge-relay-chromium-")) {
            Path sine = TestAudio.sine(scratch.resolve("sine-0.5.wav"), 440, 0.5, 10);
            int relayA = freeUdpPort("127.0.0.2");
            int relayB = freeUdpPort("127.0.0.3");
            try (TestEdgeDaemon a = TestEdgeDaemon.start(Map.of("pop.id", "1", "pop.name", "one",
                    "media.bind", "127.0.0.2:0", "relay.listen", "127.0.0.2:" + relayA,
                    "relay.peers", "2/1=127.0.0.3:" + relayB));
                 TestEdgeDaemon b = TestEdgeDaemon.start(Map.of("pop.id", "2", "pop.name", "two",
                    "media.bind", "127.0.0.3:0", "relay.listen", "127.0.0.3:" + relayB,
                    "relay.peers", "1/1=127.0.0.2:" + relayA))) {
                InetSocketAddress bMedia = b.daemon().transport().boundAddresses().get(0);
                String via = "127.0.0.3:" + bMedia.getPort();
                JsonObject result = new ChromiumPeer(scratch.path()).run(new JsonObject()
                        .put("url", a.callsUrl().toString()).put("token", a.token("relay-test"))
                        .put("wav", sine.toString()).put("sessions", 1).put("durationSec", 4)
                        .put("answerCandidate", via).put("afterDeleteMs", 0));
                assertThat(result.getJsonArray("sessions")).as("driver result %s", result).hasSize(1);
                JsonObject call = result.getJsonArray("sessions").getJsonObject(0);
                JsonObject drained = call.getJsonObject("drained", new JsonObject());
                System.out.printf("[interop] relay: ok=%s connect=%s ms echoPeak=%s sent=%s received=%s pair=%s "
                                + "B to_owner=%s to_client=%s errors=%s%n", call.getBoolean("ok"), call.getLong("connectMs"),
                        call.getDouble("echoPeakLevel"), drained.getValue("packetsSent"), drained.getValue("packetsReceived"),
                        call.getJsonObject("final", new JsonObject()).getJsonObject("pair", new JsonObject()).getString("remote"),
                        b.daemon().sessions().relay().packets(Relay.Leg.TO_OWNER),
                        b.daemon().sessions().relay().packets(Relay.Leg.TO_CLIENT), call.getJsonArray("errors"));

                assertThat(call.getBoolean("ok")).as("call: %s", call.getJsonArray("errors")).isTrue();
                assertThat(call.getString("remoteSdp").lines().filter(l -> l.startsWith("a=candidate:")))
                        .singleElement().satisfies(c -> assertThat(c).contains(" 127.0.0.3 " + bMedia.getPort() + " "));
                assertThat(call.getJsonObject("final").getJsonObject("pair").getString("remote")).startsWith(via);
                assertThat(call.getJsonObject("transport").getString("dtlsState")).isEqualTo("connected");
                assertThat(call.getDouble("echoPeakLevel")).isCloseTo(0.5, within(0.05));
                long sent = drained.getLong("packetsSent");
                assertThat(drained.getLong("packetsReceived")).as("echoed vs sent").isBetween(sent - 2 - sent / 100, sent);

                // A owned the session; B never had one, only relayed (both ways), and dropped nothing relayed.
                assertThat(a.sessionsStarted()).isEqualTo(1);
                assertThat(b.sessionsStarted()).isZero();
                Relay atB = b.daemon().sessions().relay();
                assertThat(atB.packets(Relay.Leg.TO_OWNER)).isGreaterThanOrEqualTo(sent);
                assertThat(atB.packets(Relay.Leg.TO_CLIENT)).isGreaterThanOrEqualTo(sent);
                assertThat(b.metrics().dropCount(DropReason.RELAY_BAD_TAG) + a.metrics().dropCount(DropReason.RELAY_BAD_TAG))
                        .isZero();
                assertThat(a.metrics().dropCount(DropReason.SRTP_AUTH_FAILED)).isZero();
                assertThat(call.getJsonObject("http").getJsonObject("delete").getInteger("status")).isEqualTo(200);
            }
        }
    }

    private static int freeUdpPort(String ip) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
            return s.getLocalPort();
        }
    }
}
