package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.signaling.BearerAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libwebrtc (Google's WebRTC, through webrtc-java) against OUR edge daemon. Both run in a private network namespace
 * (see {@link LibWebRtcPeer}): the daemon in-process in the namespace's JVM on 127.0.0.1, the client on
 * {@value LibWebRtcPeer#CLIENT_ADDRESS}. The client pushes a sine at a known amplitude and must hear it back at that
 * level, on whichever SRTP suite the daemon is configured to use; the daemon must have freed the call once it is
 * deleted.
 */
@Tag(InteropTag.NAME)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EdgeDaemonLibWebRtcTest {
    private ScratchDir scratch;

    @BeforeEach
    void requireTools() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "/usr/bin/unshare is not installed (util-linux)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")), "ip (iproute2) is not installed");
        scratch = ScratchDir.create("voxedge-edge-libwebrtc-");
    }

    @AfterEach
    void cleanUp() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @ParameterizedTest(name = "dtls.srtpProfiles={0}")
    @CsvSource({"AEAD_AES_128_GCM, AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_80"})
    void libwebrtcConnectsOnTheConfiguredSuiteHearsTheSineAtItsAmplitudeAndTheCallIsFreed(String profile, String libwebrtcName)
            throws Exception {
        // The parent picks the daemon's auth key, so it can mint the client's token before the daemon exists.
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String authKey = HexFormat.of().formatHex(raw);
        String token = new BearerAuth(authKey.getBytes(StandardCharsets.UTF_8)).mint("libwebrtc-test", 3600);

        JsonObject result = new LibWebRtcPeer(scratch.path()).call(
                LibWebRtcPeer.serverClass(EdgeDaemonNamespacedServer.class, new JsonObject().put("authKey", authKey)
                        .put("settings", new JsonObject().put("dtls.srtpProfiles", profile))),
                new JsonObject().put("token", token).put("durationSec", 4).put("amplitude", 0.5));

        assertThat(result.getJsonArray("sessions")).as("result %s", result).hasSize(1);
        JsonObject call = result.getJsonArray("sessions").getJsonObject(0);
        JsonObject fin = call.getJsonObject("final", new JsonObject());
        JsonObject drainedOut = call.getJsonObject("drained", new JsonObject());
        System.out.printf("[interop] libwebrtc " + profile + ": ok=%s connect=%s ms cipher=%s echoPeak=%s receivedPeak=%s echoLevel=%s sent=%s "
                        + "received=%s (drained) pairRtt=%s remoteInboundRtt=%s pair=%s->%s delete=%s elapsed=%s ms server=%s errors=%s%n",
                call.getBoolean("ok"), call.getLong("connectMs"), call.getJsonObject("transport", new JsonObject()).getString("srtpCipher"),
                call.getDouble("echoPeakLevel"), call.getDouble("receivedPeakLevel"), call.getDouble("echoLevel"),
                drainedOut.getValue("packetsSent"), drainedOut.getValue("packetsReceived"),
                fin.getJsonObject("pair", new JsonObject()).getValue("currentRoundTripTime"),
                fin.getJsonObject("remoteInbound", new JsonObject()).getValue("roundTripTime"),
                fin.getJsonObject("pair", new JsonObject()).getString("local"), fin.getJsonObject("pair", new JsonObject()).getString("remote"),
                call.getJsonObject("http").getValue("delete"), call.getLong("elapsedMs"), result.getJsonObject("server"),
                call.getJsonArray("errors"));

        assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
        assertThat(result.getString("namespace")).contains(LibWebRtcPeer.CLIENT_ADDRESS);
        assertThat(call.getJsonObject("http").getJsonObject("post").getInteger("status")).isEqualTo(201);
        assertThat(call.getString("answerSdp").lines()).contains("a=ice-lite", "a=setup:passive");
        assertThat(call.getJsonObject("pair").getString("local")).startsWith(LibWebRtcPeer.CLIENT_ADDRESS + ":");
        assertThat(call.getJsonObject("pair").getString("remote")).startsWith("127.0.0.1:");
        JsonObject transport = call.getJsonObject("transport");
        assertThat(transport.getString("dtlsState")).isEqualToIgnoringCase("connected");
        assertThat(transport.getString("srtpCipher")).as("SRTP suite libwebrtc negotiated with us").isEqualTo(libwebrtcName);
        // The echo, at the amplitude pushed: from libwebrtc's own audioLevel and from the decoded samples themselves.
        assertThat(call.getDouble("echoPeakLevel")).isCloseTo(0.5, within(0.05));
        assertThat(call.getDouble("receivedPeakLevel")).isCloseTo(0.5, within(0.05));
        // Counted after sending stopped and the echo stopped arriving: every packet sent came back.
        JsonObject drained = call.getJsonObject("drained");
        assertThat(drained.getBoolean("settled")).as("drained %s", drained).isTrue();
        long sent = drained.getLong("packetsSent");
        assertThat(drained.getLong("packetsReceived")).as("echoed vs sent").isBetween(sent - 2 - sent / 100, sent);
        assertThat(call.getJsonObject("http").getJsonObject("delete").getInteger("status")).isEqualTo(200);

        // What the daemon itself saw: one session from one address, then nothing left after DELETE.
        JsonObject server = result.getJsonObject("server");
        assertThat(server.getJsonObject("peak").getInteger("sessionsActive")).isEqualTo(1);
        assertThat(server.getJsonObject("peak").getInteger("boundAddresses")).isEqualTo(1);
        assertThat(server.getJsonObject("left")).isEqualTo(new JsonObject().put("sessionsActive", 0).put("registered", 0)
                .put("boundAddresses", 0));
        assertThat(server.getDouble("sessionsStarted")).isEqualTo(1.0);
        assertThat(server.getDouble("closedDeleted")).isEqualTo(1.0);
        assertThat(server.getDouble("srtpAuthFailed")).isZero();
        assertThat(server.getDouble("rtcpOut")).isPositive();
    }
}
