package net.voxedge.backbone.adapter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * Builds the Realtime events voxedge sends, both the client's (the adapter) and the server's (the
 * parrot), as JSON text. Numbers every event with its own {@code event_id}; one per connection.
 */
public final class RealtimeEventWriter {
    private final String eventPrefix;
    private long nextEvent;

    /** Event ids will read {@code <prefix>_<n>}. */
    public RealtimeEventWriter(String eventPrefix) {
        this.eventPrefix = eventPrefix;
    }

    private JsonObject event(RealtimeEventType type) {
        return new JsonObject().put("type", type.wireName()).put("event_id", eventPrefix + "_" + nextEvent++);
    }

    private static String base64(byte[] pcm, int off, int len) {
        return Base64.getEncoder().encodeToString(off == 0 && len == pcm.length ? pcm : java.util.Arrays.copyOfRange(pcm, off, off + len));
    }

    // ---- client → server

    /** {@code session.update}: PCM16 24 kHz both ways, server VAD, and the model's instructions and voice. */
    public String sessionUpdate(ModelSessionConfig config) {
        JsonObject format = new JsonObject().put("type", "audio/pcm").put("rate", 24_000);
        JsonObject output = new JsonObject().put("format", format.copy());
        if (config.voice() != null) {
            output.put("voice", config.voice());
        }
        JsonObject session = new JsonObject()
                .put("type", "realtime")
                .put("audio", new JsonObject()
                        .put("input", new JsonObject().put("format", format)
                                .put("turn_detection", new JsonObject().put("type", "server_vad")))
                        .put("output", output));
        if (config.model() != null) {
            session.put("model", config.model());
        }
        if (config.instructions() != null) {
            session.put("instructions", config.instructions());
        }
        return event(RealtimeEventType.SESSION_UPDATE).put("session", session).encode();
    }

    /** {@code input_audio_buffer.append} with PCM16 LE bytes. */
    public String inputAudioAppend(byte[] pcm, int off, int len) {
        return event(RealtimeEventType.INPUT_AUDIO_BUFFER_APPEND).put("audio", base64(pcm, off, len)).encode();
    }

    /** {@code response.cancel} (for {@code responseId} when known). */
    public String responseCancel(String responseId) {
        JsonObject e = event(RealtimeEventType.RESPONSE_CANCEL);
        if (responseId != null) {
            e.put("response_id", responseId);
        }
        return e.encode();
    }

    /** {@code conversation.item.truncate}: the listener heard {@code audioEndMs} of item {@code itemId}. */
    public String itemTruncate(String itemId, int contentIndex, long audioEndMs) {
        return event(RealtimeEventType.CONVERSATION_ITEM_TRUNCATE)
                .put("item_id", itemId).put("content_index", contentIndex).put("audio_end_ms", audioEndMs).encode();
    }

    // ---- server → client

    /** {@code session.created} / {@code session.updated} carrying the session object. */
    public String session(RealtimeEventType type, JsonObject session) {
        return event(type).put("session", session).encode();
    }

    /** {@code input_audio_buffer.speech_started}. */
    public String speechStarted(String itemId, long audioStartMs) {
        return event(RealtimeEventType.SPEECH_STARTED).put("audio_start_ms", audioStartMs).put("item_id", itemId).encode();
    }

    /** {@code input_audio_buffer.speech_stopped}. */
    public String speechStopped(String itemId, long audioEndMs) {
        return event(RealtimeEventType.SPEECH_STOPPED).put("audio_end_ms", audioEndMs).put("item_id", itemId).encode();
    }

    /** {@code input_audio_buffer.cleared}. */
    public String cleared() {
        return event(RealtimeEventType.INPUT_AUDIO_BUFFER_CLEARED).encode();
    }

    /** {@code response.created} with status in_progress. */
    public String responseCreated(String responseId) {
        return event(RealtimeEventType.RESPONSE_CREATED)
                .put("response", new JsonObject().put("object", "realtime.response").put("id", responseId)
                        .put("status", "in_progress").put("output", new JsonArray()))
                .encode();
    }

    /** {@code response.output_audio.delta} with PCM16 LE bytes. */
    public String audioDelta(String responseId, String itemId, byte[] pcm, int off, int len) {
        return event(RealtimeEventType.RESPONSE_OUTPUT_AUDIO_DELTA)
                .put("response_id", responseId).put("item_id", itemId)
                .put("output_index", 0).put("content_index", 0)
                .put("delta", base64(pcm, off, len)).encode();
    }

    /** {@code response.output_audio.done}. */
    public String audioDone(String responseId, String itemId) {
        return event(RealtimeEventType.RESPONSE_OUTPUT_AUDIO_DONE)
                .put("response_id", responseId).put("item_id", itemId)
                .put("output_index", 0).put("content_index", 0).encode();
    }

    /** {@code response.done} with status completed or cancelled and the one output item. */
    public String responseDone(String responseId, String itemId, ResponseStatus status) {
        JsonObject response = new JsonObject().put("object", "realtime.response").put("id", responseId)
                .put("status", status.wireName())
                .put("output", new JsonArray().add(new JsonObject().put("id", itemId).put("type", "message")
                        .put("role", "assistant")));
        if (status == ResponseStatus.CANCELLED) {
            response.put("status_details", new JsonObject().put("type", "cancelled").put("reason", "client_cancelled"));
        }
        return event(RealtimeEventType.RESPONSE_DONE).put("response", response).encode();
    }

    /** {@code conversation.item.truncated}. */
    public String itemTruncated(String itemId, int contentIndex, long audioEndMs) {
        return event(RealtimeEventType.CONVERSATION_ITEM_TRUNCATED)
                .put("item_id", itemId).put("content_index", contentIndex).put("audio_end_ms", audioEndMs).encode();
    }

    /** {@code error} (invalid_request_error) naming the client's event when known. */
    public String error(String code, String message, String clientEventId) {
        JsonObject err = new JsonObject().put("type", "invalid_request_error").put("code", code).put("message", message);
        if (clientEventId != null) {
            err.put("event_id", clientEventId);
        }
        return event(RealtimeEventType.ERROR).put("error", err).encode();
    }
}
