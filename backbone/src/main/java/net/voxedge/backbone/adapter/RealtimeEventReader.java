package net.voxedge.backbone.adapter;

import io.vertx.core.json.JsonObject;

/**
 * Reads one Realtime text message (either direction) into this reusable object: the type, the few
 * fields voxedge acts on, and the base64 audio decoded into an internal buffer. Defensive by
 * construction: the message size and decoded audio are bounded, every field is checked for kind
 * and range before use, and no input makes it throw — the outcome says what was wrong and
 * {@link #detail()} says it in words. Not thread-safe: one per connection.
 */
public final class RealtimeEventReader {
    /** Default bound on one message: 1 MiB of text (a few seconds of base64 PCM). */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 1 << 20;
    private static final int MAX_ID_CHARS = 128;
    private static final int MAX_TEXT_CHARS = 2048;

    private final int maxMessageChars;
    private final int maxAudioBytes;
    private byte[] audio = new byte[4800];

    private RealtimeEventType type;
    private String typeName;
    private String eventId;
    private String itemId;
    private String responseId;
    private String status;
    private String errorCode;
    private String errorMessage;
    private long audioStartMs;
    private long audioEndMs;
    private int contentIndex;
    private int audioLength;
    private JsonObject session;
    private String detail;

    /** A reader with {@link #DEFAULT_MAX_MESSAGE_CHARS}. */
    public RealtimeEventReader() {
        this(DEFAULT_MAX_MESSAGE_CHARS);
    }

    /** A reader that refuses messages longer than {@code maxMessageChars}. */
    public RealtimeEventReader(int maxMessageChars) {
        this.maxMessageChars = maxMessageChars;
        this.maxAudioBytes = maxMessageChars / 4 * 3;
    }

    /** Parses {@code text}; all fields of the previous message are cleared first. */
    public RealtimeParseOutcome read(String text) {
        reset();
        if (text == null || text.length() > maxMessageChars) {
            return fail(RealtimeParseOutcome.TOO_LARGE, "message longer than " + maxMessageChars + " characters");
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (RuntimeException e) {
            // Jackson reports bad JSON (and JSON that is not an object) only by throwing.
            return fail(RealtimeParseOutcome.MALFORMED_JSON, "not a JSON object");
        }
        Object t = json.getValue("type");
        if (!(t instanceof String s)) {
            return fail(RealtimeParseOutcome.MISSING_TYPE, "no string field 'type'");
        }
        typeName = clip(s, MAX_ID_CHARS);
        type = RealtimeEventType.of(s);
        eventId = string(json, "event_id", MAX_ID_CHARS);
        return switch (type) {
            case UNKNOWN -> fail(RealtimeParseOutcome.UNKNOWN_TYPE, "unknown event type '" + typeName + "'");
            case INPUT_AUDIO_BUFFER_APPEND -> readAudio(json, "audio");
            case RESPONSE_OUTPUT_AUDIO_DELTA -> {
                responseId = string(json, "response_id", MAX_ID_CHARS);
                itemId = string(json, "item_id", MAX_ID_CHARS);
                yield readAudio(json, "delta");
            }
            case RESPONSE_OUTPUT_AUDIO_DONE, RESPONSE_CANCEL -> {
                responseId = string(json, "response_id", MAX_ID_CHARS);
                itemId = string(json, "item_id", MAX_ID_CHARS);
                yield RealtimeParseOutcome.OK;
            }
            case SPEECH_STARTED -> {
                itemId = string(json, "item_id", MAX_ID_CHARS);
                audioStartMs = millis(json, "audio_start_ms");
                yield audioStartMs < 0 ? fail(RealtimeParseOutcome.BAD_FIELD, "audio_start_ms must be a whole number >= 0") : RealtimeParseOutcome.OK;
            }
            case SPEECH_STOPPED -> {
                itemId = string(json, "item_id", MAX_ID_CHARS);
                audioEndMs = millis(json, "audio_end_ms");
                yield audioEndMs < 0 ? fail(RealtimeParseOutcome.BAD_FIELD, "audio_end_ms must be a whole number >= 0") : RealtimeParseOutcome.OK;
            }
            case RESPONSE_CREATED, RESPONSE_DONE -> readResponse(json);
            case CONVERSATION_ITEM_TRUNCATE, CONVERSATION_ITEM_TRUNCATED -> readTruncate(json);
            case ERROR -> {
                Object e = json.getValue("error");
                if (e instanceof JsonObject err) {
                    errorCode = string(err, "code", MAX_ID_CHARS);
                    errorMessage = string(err, "message", MAX_TEXT_CHARS);
                }
                yield RealtimeParseOutcome.OK;
            }
            case SESSION_UPDATE, SESSION_CREATED, SESSION_UPDATED -> {
                Object sess = json.getValue("session");
                if (sess != null && !(sess instanceof JsonObject)) {
                    yield fail(RealtimeParseOutcome.BAD_FIELD, "session must be an object");
                }
                session = (JsonObject) sess;
                yield RealtimeParseOutcome.OK;
            }
            case INPUT_AUDIO_BUFFER_CLEAR, INPUT_AUDIO_BUFFER_CLEARED -> RealtimeParseOutcome.OK;
        };
    }

    private RealtimeParseOutcome readAudio(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (!(v instanceof String b64)) {
            return fail(RealtimeParseOutcome.BAD_FIELD, "'" + field + "' must be a base64 string");
        }
        int need = Base64Audio.decodedLength(b64);
        if (need > maxAudioBytes) {
            return fail(RealtimeParseOutcome.AUDIO_TOO_LARGE, "'" + field + "' decodes to more than " + maxAudioBytes + " bytes");
        }
        if (need > audio.length) {
            audio = new byte[Math.min(maxAudioBytes, Math.max(need, audio.length * 2))];
        }
        int n = Base64Audio.decode(b64, audio);
        if (n < 0) {
            return fail(RealtimeParseOutcome.BAD_AUDIO, "'" + field + "' is not valid base64");
        }
        if ((n & 1) != 0) {
            return fail(RealtimeParseOutcome.BAD_AUDIO, "'" + field + "' has an odd byte count: PCM16 needs two bytes per sample");
        }
        audioLength = n;
        return RealtimeParseOutcome.OK;
    }

    private RealtimeParseOutcome readResponse(JsonObject json) {
        Object r = json.getValue("response");
        if (!(r instanceof JsonObject response)) {
            return fail(RealtimeParseOutcome.BAD_FIELD, "'response' must be an object");
        }
        responseId = string(response, "id", MAX_ID_CHARS);
        status = string(response, "status", MAX_ID_CHARS);
        if (responseId == null) {
            return fail(RealtimeParseOutcome.BAD_FIELD, "response.id must be a string");
        }
        return RealtimeParseOutcome.OK;
    }

    private RealtimeParseOutcome readTruncate(JsonObject json) {
        itemId = string(json, "item_id", MAX_ID_CHARS);
        if (itemId == null) {
            return fail(RealtimeParseOutcome.BAD_FIELD, "item_id must be a string");
        }
        long ci = millis(json, "content_index");
        audioEndMs = millis(json, "audio_end_ms");
        if (ci < 0 || ci > Integer.MAX_VALUE) {
            return fail(RealtimeParseOutcome.BAD_FIELD, "content_index must be a whole number >= 0");
        }
        contentIndex = (int) ci;
        if (audioEndMs < 0) {
            return fail(RealtimeParseOutcome.BAD_FIELD, "audio_end_ms must be a whole number >= 0");
        }
        return RealtimeParseOutcome.OK;
    }

    /** A whole number in 0..2^53 from a JSON number, or -1 when missing, fractional, negative or not a number. */
    private static long millis(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (!(v instanceof Number n)) {
            return -1;
        }
        double d = n.doubleValue();
        if (!(d >= 0 && d <= 9.007199254740992E15) || d != Math.floor(d)) {
            return -1;
        }
        return (long) d;
    }

    private static String string(JsonObject json, String field, int max) {
        return json.getValue(field) instanceof String s ? clip(s, max) : null;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private RealtimeParseOutcome fail(RealtimeParseOutcome outcome, String why) {
        detail = why;
        audioLength = 0;
        return outcome;
    }

    private void reset() {
        type = RealtimeEventType.UNKNOWN;
        typeName = null;
        eventId = null;
        itemId = null;
        responseId = null;
        status = null;
        errorCode = null;
        errorMessage = null;
        audioStartMs = -1;
        audioEndMs = -1;
        contentIndex = -1;
        audioLength = 0;
        session = null;
        detail = null;
    }

    /** The type ({@link RealtimeEventType#UNKNOWN} if missing or unknown). */
    public RealtimeEventType type() {
        return type;
    }

    /** The raw {@code type} string (at most 128 characters), or null. */
    public String typeName() {
        return typeName;
    }

    /** {@code event_id}, or null. */
    public String eventId() {
        return eventId;
    }

    /** {@code item_id}, or null. */
    public String itemId() {
        return itemId;
    }

    /** {@code response_id}, or {@code response.id} for response events, or null. */
    public String responseId() {
        return responseId;
    }

    /** {@code response.status} of response.created/done, or null. */
    public String status() {
        return status;
    }

    /** {@code error.code} of an error event, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** {@code error.message} of an error event (at most 2048 characters), or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /** {@code audio_start_ms}, or -1. */
    public long audioStartMs() {
        return audioStartMs;
    }

    /** {@code audio_end_ms}, or -1. */
    public long audioEndMs() {
        return audioEndMs;
    }

    /** {@code content_index} of a truncate event, or -1. */
    public int contentIndex() {
        return contentIndex;
    }

    /** The decoded PCM16 little-endian bytes: valid in {@code [0, audioLength())} until the next read. */
    public byte[] audio() {
        return audio;
    }

    /** Bytes of decoded audio (even), 0 when the event carries none. */
    public int audioLength() {
        return audioLength;
    }

    /** The {@code session} object of session events, or null. */
    public JsonObject session() {
        return session;
    }

    /** What was wrong with the last message, or null if it read OK. */
    public String detail() {
        return detail;
    }
}
