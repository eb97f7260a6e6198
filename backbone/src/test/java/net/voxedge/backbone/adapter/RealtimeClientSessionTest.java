package net.voxedge.backbone.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.voxedge.backbone.codec.ConcentusOpusCodec;
import net.voxedge.backbone.codec.OpusEncoderEngine;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.Signals;
import org.junit.jupiter.api.Test;

/** The adapter's protocol core without sockets: every message in and out is visible. */
class RealtimeClientSessionTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<JsonObject> sent = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private final RealtimeClientSession session = new RealtimeClientSession(
            new ModelSessionConfig("s1", "m", "be brief", "alloy"), ConcentusOpusCodec.INSTANCE, OpusEncoderSettings.VOICE, 40,
            t -> sent.add(new JsonObject(t)), listener, new RealtimeAdapterMetrics(registry));

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private static byte[] frame(OpusEncoderEngine enc, short[] pcm, int i) {
        byte[] buf = new byte[1500];
        int n = enc.encode(pcm, 960 * i, 960, buf, 0, buf.length);
        return java.util.Arrays.copyOf(buf, n);
    }

    private int appendedSamples() {
        return sent.stream().filter(e -> "input_audio_buffer.append".equals(e.getString("type")))
                .mapToInt(e -> Base64.getDecoder().decode(e.getString("audio")).length / 2).sum();
    }

    @Test
    void sessionUpdateGoesFirstWithFormatAndInstructions() {
        session.start();
        JsonObject update = sent.getFirst();
        assertThat(update.getString("type")).isEqualTo("session.update");
        JsonObject s = update.getJsonObject("session");
        assertThat(s.getString("instructions")).isEqualTo("be brief");
        assertThat(s.getJsonObject("audio").getJsonObject("input").getJsonObject("format").getInteger("rate")).isEqualTo(24000);
        assertThat(s.getJsonObject("audio").getJsonObject("output").getString("voice")).isEqualTo("alloy");
    }

    @Test
    void userFramesAreBatchedConcealedOrDroppedBySequence() {
        short[] pcm = Signals.sine(440, 48_000, 0.3, 48_000);
        try (OpusEncoderEngine enc = ConcentusOpusCodec.INSTANCE.newEncoder(OpusEncoderSettings.VOICE)) {
            session.onUserAudio(frame(enc, pcm, 0), 0, frame(enc, pcm, 0).length, 10, 0);
            assertThat(sent).isEmpty(); // 20 ms batched, 40 ms per append
            byte[] f1 = frame(enc, pcm, 1);
            session.onUserAudio(f1, 0, f1.length, 11, 960);
            assertThat(sent).hasSize(1);
            assertThat(appendedSamples()).isEqualTo(960); // 40 ms at 24 kHz
            session.onUserAudio(f1, 0, f1.length, 11, 960); // duplicate
            session.onUserAudio(f1, 0, f1.length, 5, 960); // late reorder
            assertThat(count("voxedge_adapter_user_frames_dropped_total", "reason", "stale_seq")).isEqualTo(2);
            byte[] f4 = frame(enc, pcm, 4);
            session.onUserAudio(f4, 0, f4.length, 14, 4 * 960); // 12 and 13 lost: concealed
            assertThat(count("voxedge_adapter_user_frames_concealed_total")).isEqualTo(2);
            session.onUserAudio(new byte[] {(byte) (31 << 3 | 1), 1, 2, 3}, 0, 4, 15, 5 * 960);
            assertThat(count("voxedge_adapter_user_frames_dropped_total", "reason", "code1_odd_length")).isEqualTo(1);
            session.flushUserAudio();
            assertThat(appendedSamples()).isEqualTo(960 + 3 * 480);
            session.onUserAudio(f4, 0, f4.length, 1_000, 0); // a long outage: no flood of concealment
            assertThat(count("voxedge_adapter_user_frames_concealed_total")).isEqualTo(2 + RealtimeClientSession.MAX_CONCEALED_FRAMES);
        }
    }

    private void server(JsonObject e) {
        session.onServerMessage(e.encode());
    }

    private static JsonObject delta(String responseId, String itemId, short[] pcm24) {
        byte[] b = new byte[pcm24.length * 2];
        net.voxedge.backbone.codec.Pcm16.toBytes(pcm24, 0, pcm24.length, b, 0);
        return new JsonObject().put("type", "response.output_audio.delta").put("response_id", responseId)
                .put("item_id", itemId).put("delta", Base64.getEncoder().encodeToString(b));
    }

    @Test
    void agentAudioIsReframedAndDeltasAfterACancelAreDropped() {
        server(new JsonObject().put("type", "response.created").put("response", new JsonObject().put("id", "r1")));
        assertThat(session.responseActive()).isTrue();
        server(delta("r1", "i1", Signals.sine(440, 24_000, 0.3, 1000))); // 2000 at 48k: 2 frames + 80
        assertThat(listener.frames).hasSize(2);
        assertThat(listener.frames).extracting(RecordingListener.Frame::itemOffsetMs).containsExactly(0L, 20L);
        session.cancel("i1", 40);
        assertThat(sent).extracting(e -> e.getString("type")).containsExactly("response.cancel", "conversation.item.truncate");
        assertThat(sent.get(0).getString("response_id")).isEqualTo("r1");
        assertThat(sent.get(1).getString("item_id")).isEqualTo("i1");
        assertThat(sent.get(1).getInteger("content_index")).isZero();
        assertThat(sent.get(1).getLong("audio_end_ms")).isEqualTo(40);
        server(delta("r1", "i1", Signals.sine(440, 24_000, 0.3, 4800))); // already in flight
        assertThat(listener.frames).hasSize(2);
        assertThat(count("voxedge_adapter_deltas_after_cancel_total")).isEqualTo(1);
        server(new JsonObject().put("type", "response.done").put("response", new JsonObject().put("id", "r1").put("status", "cancelled")));
        assertThat(listener.lastStatus).isEqualTo(ResponseStatus.CANCELLED);

        // The next response plays, and its frames continue the session's media timestamps.
        server(new JsonObject().put("type", "response.created").put("response", new JsonObject().put("id", "r2")));
        server(delta("r2", "i2", Signals.sine(440, 24_000, 0.3, 500)));
        server(new JsonObject().put("type", "response.output_audio.done").put("response_id", "r2"));
        assertThat(listener.frames).hasSize(4); // 1000 at 48k: 1 frame + flushed remainder
        assertThat(listener.frames.get(2).mediaTs48k()).isEqualTo(2 * 960);
        assertThat(listener.frames.get(2).itemOffsetMs()).isZero();
        // A cancel after the response is done only truncates: no response.cancel for a finished response.
        server(new JsonObject().put("type", "response.done").put("response", new JsonObject().put("id", "r2").put("status", "completed")));
        sent.clear();
        session.cancel("i2", 10);
        assertThat(sent).extracting(e -> e.getString("type")).containsExactly("conversation.item.truncate");
    }

    @Test
    void unknownEventsAreCountedAndBadOnesReported() {
        session.onServerMessage("{\"type\":\"rate_limits.updated\",\"rate_limits\":[]}");
        assertThat(count("voxedge_adapter_events_unknown_total")).isEqualTo(1);
        assertThat(listener.errors).isEmpty();
        session.onServerMessage("{oops");
        session.onServerMessage("{\"type\":\"response.output_audio.delta\",\"delta\":\"***\"}");
        assertThat(count("voxedge_adapter_events_rejected_total", "reason", "malformed_json")).isEqualTo(1);
        assertThat(count("voxedge_adapter_events_rejected_total", "reason", "bad_audio")).isEqualTo(1);
        assertThat(listener.errors).hasSize(2).allMatch(e -> e.startsWith("malformed_event"));
        server(new JsonObject().put("type", "error").put("error", new JsonObject().put("code", "x").put("message", "boom")));
        assertThat(listener.errors.getLast()).isEqualTo("x: boom");
        session.onClosed("bye");
        session.onClosed("again");
        assertThat(listener.closeReason).isEqualTo("bye");
        session.onServerMessage("{\"type\":\"error\"}"); // after close: ignored
        assertThat(listener.errors).hasSize(3);
    }
}
