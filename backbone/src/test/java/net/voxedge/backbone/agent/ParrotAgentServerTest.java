package net.voxedge.backbone.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import net.voxedge.backbone.codec.Pcm16;
import net.voxedge.backbone.codec.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParrotAgentServerTest {
    private static final int RATE = 24_000;

    private Vertx vertx;
    private ParrotAgentServer server;
    private int port;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    private RawRealtimeClient connect(ParrotConfig config) {
        server = new ParrotAgentServer(vertx, config);
        port = RawRealtimeClient.await(server.start("127.0.0.1", 0));
        RawRealtimeClient c = new RawRealtimeClient(vertx, port);
        assertThat(c.next().getString("type")).isEqualTo("session.created");
        return c;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            RawRealtimeClient.await(server.stop());
        }
        RawRealtimeClient.await(vertx.close());
    }

    private static short[] silence(int ms) {
        return new short[ms * RATE / 1000];
    }

    private static short[] tone(double hz, int ms) {
        return Signals.sine(hz, RATE, 0.3, ms * RATE / 1000);
    }

    /** PCM of every delta of {@code responseId} among {@code events}. */
    private static short[] deltaAudio(List<JsonObject> events, String responseId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (JsonObject e : events) {
            if ("response.output_audio.delta".equals(e.getString("type")) && responseId.equals(e.getString("response_id"))) {
                bytes.writeBytes(Base64.getDecoder().decode(e.getString("delta")));
            }
        }
        byte[] b = bytes.toByteArray();
        short[] pcm = new short[b.length / 2];
        Pcm16.fromBytes(b, 0, b.length, pcm, 0);
        return pcm;
    }

    @Test
    void sessionUpdateIsAnsweredAndWrongFormatsRefused() {
        try (RawRealtimeClient c = connect(ParrotConfig.DEFAULT)) {
            c.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()
                    .put("instructions", "repeat after me")
                    .put("audio", new JsonObject().put("input", new JsonObject()
                            .put("format", new JsonObject().put("type", "audio/pcm").put("rate", 24000))))));
            JsonObject updated = c.next();
            assertThat(updated.getString("type")).isEqualTo("session.updated");
            assertThat(updated.getJsonObject("session").getString("instructions")).isEqualTo("repeat after me");

            c.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()
                    .put("audio", new JsonObject().put("input", new JsonObject()
                            .put("format", new JsonObject().put("type", "audio/pcmu"))))));
            JsonObject error = c.next();
            assertThat(error.getString("type")).isEqualTo("error");
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("unsupported_format");
        }
    }

    @Test
    void vadMarksSpeechAndRepliesOnlyAfterHalfASecondOfQuiet() {
        try (RawRealtimeClient c = connect(ParrotConfig.DEFAULT.withSpeed(50))) {
            // 200 ms quiet, 600 ms tone, then quiet in steps: nothing may start before 800 + 500 ms.
            short[] burst = tone(440, 600);
            c.sendAudio(Signals.concat(silence(200), burst), 960);
            List<JsonObject> first = c.drainToBarrier();
            assertThat(first).extracting(e -> e.getString("type")).containsExactly("input_audio_buffer.speech_started");
            assertThat(first.get(0).getLong("audio_start_ms")).isEqualTo(200);
            String userItem = first.get(0).getString("item_id");

            c.sendAudio(silence(400), 960); // stream at 1200 ms: stopped (hangover 300), no reply yet
            List<JsonObject> second = c.drainToBarrier();
            assertThat(second).extracting(e -> e.getString("type")).containsExactly("input_audio_buffer.speech_stopped");
            assertThat(second.get(0).getLong("audio_end_ms")).isEqualTo(800);
            assertThat(second.get(0).getString("item_id")).isEqualTo(userItem);

            c.sendAudio(silence(90), 960); // 1290 ms: still 10 ms short
            assertThat(c.drainToBarrier()).isEmpty();
            c.sendAudio(silence(10), 240); // 1300 ms: the reply starts
            JsonObject created = c.awaitType("response.created");
            String responseId = created.getJsonObject("response").getString("id");
            JsonObject done = c.awaitType("response.done");
            assertThat(done.getJsonObject("response").getString("status")).isEqualTo("completed");
            assertThat(done.getJsonObject("response").getString("id")).isEqualTo(responseId);

            // What came back is what was said: 100 ms pre-roll + the 600 ms tone.
            short[] reply = deltaAudio(c.all, responseId);
            assertThat(reply.length).isEqualTo(700 * 24);
            int toneStart = 100 * 24;
            assertThat(Signals.correlation(burst, 0, reply, toneStart, burst.length)).isGreaterThan(0.999);
            assertThat(Signals.rms(reply, 0, toneStart - 240)).isZero();
            List<String> order = c.all.stream().map(e -> e.getString("type")).toList();
            assertThat(order.indexOf("response.output_audio.done")).isLessThan(order.indexOf("response.done"));
        }
    }

    @Test
    void speechSilenceSpeechGivesTwoTurnsInOrder() {
        try (RawRealtimeClient c = connect(ParrotConfig.DEFAULT.withSpeed(50))) {
            short[] a = tone(440, 500);
            short[] b = tone(880, 300);
            c.sendAudio(Signals.concat(silence(100), a, silence(1000), b, silence(1000)), 480);
            List<JsonObject> events = new java.util.ArrayList<>();
            int done = 0;
            while (done < 2) {
                JsonObject e = c.next();
                events.add(e);
                if ("response.done".equals(e.getString("type"))) {
                    done++;
                }
            }
            List<JsonObject> vad = events.stream().filter(e -> e.getString("type").startsWith("input_audio_buffer.speech")).toList();
            assertThat(vad).extracting(e -> e.getString("type")).containsExactly(
                    "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
                    "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped");
            assertThat(vad).extracting(e -> e.getLong(e.containsKey("audio_start_ms") ? "audio_start_ms" : "audio_end_ms"))
                    .containsExactly(100L, 600L, 1600L, 1900L);
            List<String> responses = events.stream().filter(e -> "response.created".equals(e.getString("type")))
                    .map(e -> e.getJsonObject("response").getString("id")).toList();
            assertThat(responses).hasSize(2);
            assertThat(Signals.zeroCrossingHz(deltaAudio(events, responses.get(0)), 2400, 500 * 24, RATE)).isBetween(435.0, 445.0);
            assertThat(Signals.zeroCrossingHz(deltaAudio(events, responses.get(1)), 2400, 300 * 24, RATE)).isBetween(870.0, 890.0);
        }
    }

    @Test
    void cancelStopsTheDeltasAndTruncateIsAcknowledged() {
        // Real time: a 3 s reply takes 3 s, so the cancel lands well inside it.
        try (RawRealtimeClient c = connect(ParrotConfig.DEFAULT.withSpeed(1))) {
            c.sendAudio(Signals.concat(tone(300, 3000), silence(900)), 2400);
            JsonObject created = c.awaitType("response.created");
            String responseId = created.getJsonObject("response").getString("id");
            JsonObject delta = c.awaitType("response.output_audio.delta");
            String itemId = delta.getString("item_id");
            c.send(new JsonObject().put("type", "response.cancel").put("response_id", responseId));
            JsonObject done = c.awaitType("response.done");
            assertThat(done.getJsonObject("response").getString("status")).isEqualTo("cancelled");
            int deltasBeforeDone = (int) c.all.stream().filter(e -> "response.output_audio.delta".equals(e.getString("type"))).count();
            assertThat(deltasBeforeDone).isLessThan(31); // 3.1 s in 100 ms chunks would be 31

            c.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", itemId)
                    .put("content_index", 0).put("audio_end_ms", 60));
            JsonObject truncated = c.awaitType("conversation.item.truncated");
            assertThat(truncated.getString("item_id")).isEqualTo(itemId);
            assertThat(truncated.getLong("audio_end_ms")).isEqualTo(60);

            c.send(new JsonObject().put("type", "response.cancel"));
            assertThat(c.awaitType("error").getJsonObject("error").getString("code")).isEqualTo("response_cancel_not_active");
            c.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", "nope")
                    .put("content_index", 0).put("audio_end_ms", 0));
            assertThat(c.awaitType("error").getJsonObject("error").getString("code")).isEqualTo("item_not_found");
            c.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", itemId)
                    .put("content_index", 0).put("audio_end_ms", 999_999));
            assertThat(c.awaitType("error").getJsonObject("error").getString("code")).isEqualTo("invalid_value");

            c.drainToBarrier();
            long after = c.all.stream().skip(c.all.indexOf(done))
                    .filter(e -> "response.output_audio.delta".equals(e.getString("type"))).count();
            assertThat(after).isZero();
        }
    }

    @Test
    void hostileMessagesGetErrorsAndTheConnectionSurvives() throws InterruptedException {
        try (RawRealtimeClient c = connect(ParrotConfig.DEFAULT)) {
            String[][] cases = {
                {"{not json", "invalid_json"},
                {"[1,2,3]", "invalid_json"},
                {"{}", "invalid_event_type"},
                {"{\"type\":42}", "invalid_event_type"},
                {"{\"type\":\"made.up\"}", "invalid_event_type"},
                {"{\"type\":\"response.done\",\"response\":{\"id\":\"x\"}}", "invalid_event_type"},
                {"{\"type\":\"input_audio_buffer.append\"}", "invalid_value"},
                {"{\"type\":\"input_audio_buffer.append\",\"audio\":\"!!!!\"}", "invalid_audio"},
                {"{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAA=\"}", "invalid_audio"}, // 2 bytes? no: 2 → ok; see below
                {"{\"type\":\"conversation.item.truncate\",\"item_id\":\"a\",\"content_index\":0,\"audio_end_ms\":-5}", "invalid_value"},
                {"{\"type\":\"conversation.item.truncate\",\"item_id\":\"a\",\"content_index\":0,\"audio_end_ms\":1e300}", "invalid_value"},
                {"{\"type\":\"session.update\",\"session\":\"x\"}", "invalid_value"},
                {"\"" + "a".repeat(100) + "\"", "invalid_json"},
                {"[".repeat(5000) + "]".repeat(5000), "invalid_json"},
            };
            for (String[] cs : cases) {
                if (cs[0].contains("AAA=")) {
                    continue; // "AAA=" is two zero bytes: valid one-sample audio, tested in odd-length below
                }
                c.send(cs[0]);
                JsonObject e = c.next();
                assertThat(e.getString("type")).as(cs[0]).isEqualTo("error");
                assertThat(e.getJsonObject("error").getString("code")).as(cs[0]).isEqualTo(cs[1]);
                assertThat(e.getJsonObject("error").getString("message")).isNotBlank();
            }
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"}"); // 3 bytes: not PCM16
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("invalid_audio");
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + "A".repeat(1_500_000) + "\"}");
            assertThat(c.next().getJsonObject("error").getString("code")).isEqualTo("message_too_large");
            // Still alive and still a parrot.
            c.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()));
            assertThat(c.next().getString("type")).isEqualTo("session.updated");
            // Past twice the limit the WebSocket layer itself refuses the message and closes.
            c.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + "A".repeat(2_200_000) + "\"}");
            assertThat(c.closed.await(RawRealtimeClient.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anUtteranceLongerThanTheCapIsCutAtTheCap() {
        ParrotConfig small = new ParrotConfig(100, 100, 500, 1000, VadSettings.DEFAULT);
        try (RawRealtimeClient c = connect(small)) {
            c.sendAudio(Signals.concat(tone(500, 2500), silence(900)), 4800);
            String responseId = c.awaitType("response.created").getJsonObject("response").getString("id");
            c.awaitType("response.done");
            assertThat(deltaAudio(c.all, responseId).length).isEqualTo(1000 * 24);
        }
    }

    @Test
    void spokenWordsComeBack() throws Exception {
        short[] speech = EspeakWav.say("hello this is the parrot speaking");
        try (RawRealtimeClient c = connect(ParrotConfig.DEFAULT.withSpeed(50))) {
            c.sendAudio(Signals.concat(silence(300), speech, silence(1200)), 480);
            String responseId = c.awaitType("response.created").getJsonObject("response").getString("id");
            c.awaitType("response.done");
            // espeak may pause between words for longer than the hangover: the reply is the last turn.
            JsonObject started = c.all.stream().filter(e -> "input_audio_buffer.speech_started".equals(e.getString("type")))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(started.getLong("audio_start_ms")).isBetween(300L, 300L + speech.length / 24);
            short[] reply = deltaAudio(c.all, responseId);
            // The reply is the utterance as recorded: find it in what was sent.
            short[] sent = Signals.concat(silence(300), speech);
            int startSample = (int) (started.getLong("audio_start_ms") * 24) - 100 * 24;
            int n = Math.min(reply.length, sent.length - startSample);
            assertThat(n).isGreaterThan(speech.length / 2);
            assertThat(Signals.correlation(sent, startSample, reply, 0, n)).isGreaterThan(0.999);
        }
    }
}
