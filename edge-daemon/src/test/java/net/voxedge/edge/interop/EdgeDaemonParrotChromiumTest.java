package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium talks to the edge's built-in parrot agent ({@code media.handler=parrot}): the
 * edge detects the user's turns from the audio levels Chromium puts on its packets, replies with
 * paced audio, and when the user speaks over the reply the edge stops it at the onset packet.
 *
 * <p>The microphone file is: phrase A, a pause long enough for the reply to start but shorter than
 * the reply, phrase B (which barges in), then a long pause in which B's reply plays out whole.
 */
@Tag(InteropTag.NAME)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EdgeDaemonParrotChromiumTest {
    private static ScratchDir scratch;
    private static Path conversation;
    private static double conversationSeconds;

    @BeforeAll
    static void requireToolsAndMakeAudio() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/node", "/usr/bin/sox", "/usr/bin/espeak-ng")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (scripts/install-test-deps)");
        }
        JsPeerDirectory.ensureInstalled();
        scratch = ScratchDir.create("voxedge-edge-parrot-");
        Path turns = TestAudio.speechSilenceSpeech(scratch.resolve("turns.wav"),
                "one two three four five six seven", 1.6, "eight nine ten eleven twelve");
        conversation = TestAudio.withTrailingSilence(turns, scratch.resolve("conversation.wav"), 4.5);
        conversationSeconds = TestAudio.seconds(conversation);
    }

    @AfterAll
    static void removeScratch() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void theParrotRepliesAndAUserWhoSpeaksOverItStopsItAtOnce() throws Exception {
        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of("media.handler", "parrot"))) {
            JsonObject run = new ChromiumPeer(scratch.path()).run(new JsonObject()
                    .put("url", edge.callsUrl().toString()).put("token", edge.token("parrot-test"))
                    .put("wav", conversation.toString()).put("sessions", 1)
                    .put("durationSec", conversationSeconds + 1.0).put("drainMs", 0));
            JsonObject call = run.getJsonArray("sessions").getJsonObject(0);
            var m = edge.metrics();
            System.out.printf("[interop] parrot: ok=%s turns=%s bargeIns=%s agentSent=%s afterBargeIn=%s final=%s errors=%s %s%n",
                    call.getBoolean("ok"), m.userTurns(), m.bargeIns(), m.agentFramesSent(), m.agentFramesAfterBargeIn(),
                    call.getJsonObject("final"), call.getJsonArray("errors"), run.getJsonArray("errors"));
            assertThat(call.getBoolean("ok")).as("call: %s", call.getJsonArray("errors")).isTrue();

            // Both phrases were heard as turns, and B came while A's reply was playing.
            assertThat(m.userTurns()).as("user turns detected from RFC 6464 levels").isGreaterThanOrEqualTo(2);
            assertThat(m.bargeIns()).as("barge-ins").isGreaterThanOrEqualTo(1);
            // The bound the issue asks for: agent frames of a cancelled response sent after the onset.
            assertThat(m.agentFramesAfterBargeIn()).isZero();
            // The replies really went out, and the browser played them: audio came back although the edge
            // does not echo (it sent far fewer packets than the browser did: only replies).
            assertThat(m.agentFramesSent()).as("agent frames sent").isGreaterThan(50);
            JsonObject fin = call.getJsonObject("final");
            long received = fin.getJsonObject("inbound").getLong("packetsReceived");
            long sent = fin.getJsonObject("outbound").getLong("packetsSent");
            long agentSent = (long) m.agentFramesSent();
            // Read before the DELETE, so the edge may have sent a few more frames after the browser's last snapshot.
            assertThat(received).as("agent packets the browser received").isBetween(agentSent - 50, agentSent)
                    .isLessThan(sent * 3 / 4);
            assertThat(fin.getJsonObject("inbound").getDouble("totalAudioEnergy")).as("the reply was audible").isPositive();
        }
    }
}
