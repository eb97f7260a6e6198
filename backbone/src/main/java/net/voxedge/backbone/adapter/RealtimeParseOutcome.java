package net.voxedge.backbone.adapter;

/** What {@link RealtimeEventReader#read} made of one text message; everything but OK is counted. */
public enum RealtimeParseOutcome {
    OK("ok"),
    /** Longer than the reader's message limit: not parsed at all. */
    TOO_LARGE("too_large"),
    /** Not JSON, or JSON but not an object. */
    MALFORMED_JSON("malformed_json"),
    /** No string {@code type} field. */
    MISSING_TYPE("missing_type"),
    /** A type this side does not handle (see {@link RealtimeEventType#UNKNOWN}). */
    UNKNOWN_TYPE("unknown_type"),
    /** A field the type needs is missing or of the wrong kind (named in the reader's detail). */
    BAD_FIELD("bad_field"),
    /** Audio that is not base64, or decodes to an odd number of bytes (PCM16 has two per sample). */
    BAD_AUDIO("bad_audio"),
    /** Audio larger than the reader's audio limit. */
    AUDIO_TOO_LARGE("audio_too_large");

    private final String metricTag;

    RealtimeParseOutcome(String metricTag) {
        this.metricTag = metricTag;
    }

    /** Lower-case name for metric tags and error codes. */
    public String metricTag() {
        return metricTag;
    }
}
