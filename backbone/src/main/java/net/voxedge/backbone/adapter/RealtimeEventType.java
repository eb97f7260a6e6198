package net.voxedge.backbone.adapter;

import java.util.HashMap;
import java.util.Map;

/**
 * The OpenAI-Realtime-style events voxedge speaks (both directions), by wire name. Anything else
 * reads as {@link #UNKNOWN}: a client ignores and counts it, the parrot answers with an error.
 */
public enum RealtimeEventType {
    // client → server
    SESSION_UPDATE("session.update"),
    INPUT_AUDIO_BUFFER_APPEND("input_audio_buffer.append"),
    INPUT_AUDIO_BUFFER_CLEAR("input_audio_buffer.clear"),
    RESPONSE_CANCEL("response.cancel"),
    CONVERSATION_ITEM_TRUNCATE("conversation.item.truncate"),
    // server → client
    SESSION_CREATED("session.created"),
    SESSION_UPDATED("session.updated"),
    INPUT_AUDIO_BUFFER_CLEARED("input_audio_buffer.cleared"),
    SPEECH_STARTED("input_audio_buffer.speech_started"),
    SPEECH_STOPPED("input_audio_buffer.speech_stopped"),
    RESPONSE_CREATED("response.created"),
    /** Also read under its pre-GA name {@code response.audio.delta}. */
    RESPONSE_OUTPUT_AUDIO_DELTA("response.output_audio.delta"),
    /** Also read under its pre-GA name {@code response.audio.done}. */
    RESPONSE_OUTPUT_AUDIO_DONE("response.output_audio.done"),
    RESPONSE_DONE("response.done"),
    CONVERSATION_ITEM_TRUNCATED("conversation.item.truncated"),
    ERROR("error"),
    /** Well-formed, but a type voxedge does not handle. */
    UNKNOWN("");

    private static final Map<String, RealtimeEventType> BY_NAME = new HashMap<>();

    static {
        for (RealtimeEventType t : values()) {
            if (t != UNKNOWN) {
                BY_NAME.put(t.wireName, t);
            }
        }
        BY_NAME.put("response.audio.delta", RESPONSE_OUTPUT_AUDIO_DELTA);
        BY_NAME.put("response.audio.done", RESPONSE_OUTPUT_AUDIO_DONE);
    }

    private final String wireName;

    RealtimeEventType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code type} string on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The type for a wire name; {@link #UNKNOWN} for anything else (never null). */
    public static RealtimeEventType of(String wireName) {
        RealtimeEventType t = wireName == null ? null : BY_NAME.get(wireName);
        return t == null ? UNKNOWN : t;
    }
}
