package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves the libwebrtc WHIP harness end to end: libwebrtc and the werift echo stand-in run together in a fresh
 * network namespace, connect over the veth address, and the echoed sine comes back at its amplitude.
 */
@Tag(InteropTag.NAME)
class LibWebRtcHarnessSelfTest {
    private static final String TOKEN = "self-test-token";
    private ScratchDir scratch;

    @BeforeEach
    void requireTools() throws Exception {
        for (String tool : List.of("/usr/bin/unshare", "/usr/bin/node")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")), "ip (iproute2) is not installed");
        JsPeerDirectory.ensureInstalled();   // npm cannot reach the registry from inside the namespace
        scratch = ScratchDir.create("voxedge-libwebrtc-selftest-");
    }

    @AfterEach
    void cleanUp() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void libwebrtcInANamespaceConnectsToAServerClassAndHearsTheSineBack() throws Exception {
        JsonObject result = new LibWebRtcPeer(scratch.path()).call(
                LibWebRtcPeer.serverClass(WeriftEchoNamespacedServer.class, new JsonObject().put("token", TOKEN)),
                new JsonObject().put("token", TOKEN).put("durationSec", 4).put("amplitude", 0.5));

        assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
        assertThat(result.getString("namespace")).contains("v0").contains(LibWebRtcPeer.CLIENT_ADDRESS);
        JsonObject call = result.getJsonArray("sessions").getJsonObject(0);
        assertThat(call.getJsonObject("http").getJsonObject("post").getInteger("status")).isEqualTo(201);
        assertThat(call.getJsonObject("http").getJsonObject("delete").getInteger("status")).isEqualTo(204);
        assertThat(call.getString("answerSdp")).contains("a=ice-lite");
        assertThat(call.getJsonArray("offerCandidates").stream().map(String::valueOf).toList())
                .isNotEmpty().allMatch(c -> c.contains(" " + LibWebRtcPeer.CLIENT_ADDRESS + " "));
        assertThat(call.getJsonObject("pair").getString("local")).startsWith(LibWebRtcPeer.CLIENT_ADDRESS + ":");
        assertThat(call.getJsonObject("pair").getString("remote")).startsWith("127.0.0.1:");
        assertThat(call.getJsonObject("transport").getString("dtlsState")).isEqualTo("connected");
        assertThat(call.getJsonObject("transport").getString("srtpCipher")).contains("AES").contains("HMAC_SHA1");
        assertThat(call.getJsonObject("final").getJsonObject("inbound").getLong("packetsReceived")).isPositive();
        assertThat(call.getDouble("sourceLevel")).isCloseTo(0.5, within(0.01));
        assertThat(call.getDouble("echoPeakLevel")).isCloseTo(0.5, within(0.05));
        assertThat(call.getDouble("receivedPeakLevel")).as("peak of the decoded samples").isCloseTo(0.5, within(0.05));
        assertThat(call.getDouble("echoLevel")).isPositive().isLessThan(0.55);
    }

    @Test
    void aServerGivenAsACommandRunsInTheSameNamespaceAndTheEchoFollowsTheAmplitude() throws Exception {
        Path js = JsPeerDirectory.ensureInstalled();
        JsonObject result = new LibWebRtcPeer(scratch.path()).call(
                LibWebRtcPeer.serverCommand(WhipEchoWerift.command(js, "127.0.0.1", TOKEN), js),
                new JsonObject().put("token", TOKEN).put("durationSec", 3).put("amplitude", 0.2));

        assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
        JsonObject call = result.getJsonArray("sessions").getJsonObject(0);
        assertThat(call.getDouble("echoPeakLevel")).isCloseTo(0.2, within(0.03));
        assertThat(call.getDouble("receivedPeakLevel")).isCloseTo(0.2, within(0.03));
    }
}
