package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves the Chromium WHIP harness end to end against the werift echo stand-in: a real browser connects
 * (ICE-lite answer, DTLS-SRTP), and the audio it hears back has the level of the WAV it sent.
 */
@Tag(InteropTag.NAME)
class ChromiumHarnessSelfTest {
    private static final String TOKEN = "self-test-token";
    private static ScratchDir scratch;
    private static WhipEchoWerift echo;

    @BeforeAll
    static void startStandIn() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/node", "/usr/bin/sox")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (apt-get install chromium nodejs sox)");
        }
        scratch = ScratchDir.create("voxedge-chromium-selftest-");
        echo = WhipEchoWerift.start("127.0.0.1", TOKEN, scratch.resolve("whip-echo.log"));
    }

    @AfterAll
    static void stopStandIn() throws Exception {
        if (echo != null) {
            echo.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void oneCallConnectsOverDtlsSrtpAndHearsTheSineBackAtItsAmplitude() throws Exception {
        Path wav = TestAudio.sine(scratch.resolve("sine-0.5.wav"), 440, 0.5, 10);

        JsonObject result = new ChromiumPeer(scratch.path()).call(echo.callsUrl(), TOKEN, wav, 1, 4);

        assertThat(result.getBoolean("ok")).as("driver result %s\nstand-in log %s", result, echo.stderrTail()).isTrue();
        JsonObject call = result.getJsonArray("sessions").getJsonObject(0);
        assertThat(call.getJsonObject("http").getJsonObject("post").getInteger("status")).isEqualTo(201);
        assertThat(call.getJsonObject("http").getJsonObject("post").getString("location")).startsWith("/v1/calls/");
        assertThat(call.getJsonObject("http").getJsonObject("delete").getInteger("status")).isEqualTo(204);
        assertThat(call.getString("answerSdp")).contains("a=ice-lite").contains("opus/48000/2");
        assertThat(call.getJsonArray("offerCandidates").stream().map(String::valueOf).toList())
                .isNotEmpty().allMatch(c -> c.contains(" 127.0.0.1 "));
        assertThat(states(call.getJsonArray("timeline"))).contains("connected");
        assertThat(call.getLong("connectMs")).isPositive();

        JsonObject transport = call.getJsonObject("transport");
        assertThat(transport.getString("dtlsState")).isEqualTo("connected");
        assertThat(transport.getString("srtpCipher")).startsWith("SRTP_").isNotEqualTo("SRTP_NULL");
        assertThat(transport.getString("tlsVersion")).isEqualTo("FEFD");   // DTLS 1.2
        assertThat(call.getJsonObject("pair").getString("remote")).startsWith("127.0.0.1:");

        JsonObject inbound = call.getJsonObject("final").getJsonObject("inbound");
        assertThat(inbound.getLong("packetsReceived")).isPositive();
        assertThat(call.getJsonObject("final").getJsonObject("outbound").getLong("packetsSent")).isPositive();
        assertThat(call.getDouble("sourceLevel")).isCloseTo(0.5, within(0.01));
        // The peak, not the energy level: a starved machine delays packets, and concealment would pull energy down.
        assertThat(call.getDouble("echoPeakLevel")).as("echoed level").isCloseTo(0.5, within(0.05));
        assertThat(call.getDouble("echoLevel")).isPositive().isLessThan(0.55);
    }

    @Test
    void concurrentCallsInOneBrowserEachHearTheirOwnEchoAtTheFileLevel() throws Exception {
        // A different amplitude than the single-call test: the echo level must follow the file, not a constant.
        Path wav = TestAudio.sine(scratch.resolve("sine-0.25.wav"), 440, 0.25, 10);

        JsonObject result = new ChromiumPeer(scratch.path()).call(echo.callsUrl(), TOKEN, wav, 4, 3);

        assertThat(result.getBoolean("ok")).as("driver result %s", result).isTrue();
        JsonArray sessions = result.getJsonArray("sessions");
        assertThat(sessions).hasSize(4);
        List<String> locations = sessions.stream().map(s -> ((JsonObject) s).getJsonObject("http")
                .getJsonObject("post").getString("location")).toList();
        assertThat(locations).doesNotHaveDuplicates();
        for (Object o : sessions) {
            JsonObject call = (JsonObject) o;
            assertThat(call.getBoolean("ok")).as("call %s", call.getInteger("index")).isTrue();
            assertThat(call.getJsonObject("final").getJsonObject("inbound").getLong("packetsReceived")).isPositive();
            assertThat(call.getDouble("echoPeakLevel")).as("echo of call %s", call.getInteger("index")).isCloseTo(0.25, within(0.03));
        }
    }

    @Test
    void aWrongBearerTokenIsReportedAs401AndNoCallIsMade() throws Exception {
        Path wav = TestAudio.sine(scratch.resolve("sine-0.1.wav"), 440, 0.1, 10);

        JsonObject result = new ChromiumPeer(scratch.path()).call(echo.callsUrl(), "not-the-token", wav, 1, 1);

        assertThat(result.getBoolean("ok")).isFalse();
        assertThat(result.getInteger("exitCode")).isEqualTo(1);
        JsonObject call = result.getJsonArray("sessions").getJsonObject(0);
        assertThat(call.getJsonObject("http").getJsonObject("post").getInteger("status")).isEqualTo(401);
        assertThat(call.getJsonObject("http").containsKey("delete")).isFalse();
        assertThat(call.getJsonArray("errors").getString(0)).contains("401");
    }

    private static List<String> states(JsonArray timeline) {
        return timeline.stream().map(e -> ((JsonObject) e).getString("connectionState")).toList();
    }
}
