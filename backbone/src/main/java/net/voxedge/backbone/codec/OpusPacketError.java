package net.voxedge.backbone.codec;

/**
 * Why an Opus packet was refused. Each constant has a negative {@link #code()} so that the
 * allocation-free paths can return it in place of a sample count; the IO layer counts them by
 * {@link #metricTag()}.
 */
public enum OpusPacketError {
    /** Zero bytes: not a packet (a lost frame is signalled by the caller, not by an empty packet). */
    EMPTY("empty", "packet has no TOC byte"),
    /** Code 1 (two equal frames) needs an even number of bytes after the TOC byte (RFC 6716 §3.2.3). */
    CODE1_ODD_LENGTH("code1_odd_length", "code-1 packet: two equal frames need an even payload length"),
    /** Code 2: the first frame's length is missing or runs past the packet (RFC 6716 §3.2.4). */
    CODE2_BAD_LENGTH("code2_bad_length", "code-2 packet: first frame length missing or beyond the packet"),
    /** Code 3: the frame-count byte is missing, the count is zero or padding runs past the packet (§3.2.5). */
    CODE3_BAD_HEADER("code3_bad_header", "code-3 packet: frame count missing or zero, or padding beyond the packet"),
    /** More than 120 ms of audio in one packet (RFC 6716 §3.2.5, R5). */
    TOO_LONG("too_long", "packet carries more than 120 ms of audio"),
    /** Valid Opus, but not the duration this path accepts (e.g. a 60 ms packet where 20 ms frames are required). */
    UNEXPECTED_DURATION("unexpected_duration", "packet duration is not the one this path accepts"),
    /** The packet is larger than the receive buffer allows. */
    TOO_LARGE("too_large", "packet is larger than the maximum Opus packet this path accepts"),
    /** The codec itself rejected the packet (corrupt bitstream). */
    CORRUPT("corrupt", "the Opus decoder rejected the packet"),
    /** The encoder failed (should not happen with valid input; counted, never thrown). */
    ENCODER_FAILED("encoder_failed", "the Opus encoder failed");

    private final String metricTag;
    private final String description;

    OpusPacketError(String metricTag, String description) {
        this.metricTag = metricTag;
        this.description = description;
    }

    /** A negative number unique to this reason: {@code -1 - ordinal()}. */
    public int code() {
        return -1 - ordinal();
    }

    /** The reason for a negative return value, or {@code null} if {@code code >= 0}. */
    public static OpusPacketError ofCode(int code) {
        int index = -1 - code;
        return code < 0 && index < values().length ? values()[index] : null;
    }

    /** Short lower-case name for metric tags and logs. */
    public String metricTag() {
        return metricTag;
    }

    /** What was wrong, in words a person can act on. */
    public String description() {
        return description;
    }
}
