package net.voxedge.backbone.tunnel;

/** The frame carried by one datagram; the code is byte 1 of the cleartext header. */
public enum FrameType {
    /** Audio of one (session, stream): reliable (user audio) or best effort (agent audio). */
    MEDIA(1),
    /** Cumulative and selective acknowledgements for reliable streams. */
    ACK(2),
    /** Link probe: the peer echoes it at once. */
    PROBE(3),
    /** Echo of a {@link #PROBE}. */
    PROBE_REPLY(4),
    /** Session control (open, close, cancel, ...), always reliable. */
    CONTROL(5);

    /** Wire code. */
    public final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type for a wire code, or null when the code is unknown (no allocation, unlike values()). */
    public static FrameType ofCode(int code) {
        return switch (code) {
            case 1 -> MEDIA;
            case 2 -> ACK;
            case 3 -> PROBE;
            case 4 -> PROBE_REPLY;
            case 5 -> CONTROL;
            default -> null;
        };
    }
}
