package net.voxedge.backbone.tunnel;

import static net.voxedge.backbone.tunnel.WireFormat.CONTROL_HEADER;
import static net.voxedge.backbone.tunnel.WireFormat.MEDIA_HEADER;

/**
 * Reusable flyweight over a decrypted MEDIA or CONTROL body: the two frame types that carry a
 * sequenced payload of one (session, stream). A CONTROL frame lives on stream
 * {@link WireFormat#CONTROL_STREAM} and has a control type instead of a media timestamp.
 *
 * <pre>
 * MEDIA:   0 session u64 | 8 stream u8 | 9 flags u8 | 10 seq u32 | 14 floor u32 | 18 media ts u32 | 22 payload
 * CONTROL: 0 session u64 | 8 control type u8 | 9 flags u8 | 10 seq u32 | 14 floor u32 | 18 payload
 * </pre>
 */
public final class DataFrame {
    /** Flag: this transmission repeats an earlier one. */
    public static final int FLAG_RETRANSMISSION = 0x01;
    /** Flag: first frame of a talkspurt (like the RTP marker bit). */
    public static final int FLAG_MARKER = 0x02;
    /** Flag: the sender keeps the frame until acknowledged; the receiver orders and acks it. */
    public static final int FLAG_RELIABLE = 0x04;
    /** Flags a receiver understands; other bits make the body malformed. */
    public static final int KNOWN_FLAGS = FLAG_RETRANSMISSION | FLAG_MARKER | FLAG_RELIABLE;
    /** Flags a caller may set on sendMedia; the link owns the others. */
    public static final int CALLER_FLAGS = FLAG_MARKER;
    /**
     * Largest distance from floor to seq a receiver accepts: a reliable sender never has this many
     * frames in flight on one stream, and a bigger jump would be a peer bug.
     */
    public static final int MAX_FLOOR_DISTANCE = 1 << 20;

    private boolean control;
    private long session;
    private int stream;
    private int controlType;
    private int flags;
    private int seq;
    private int floor;
    private int mediaTimestamp;
    private int payloadOffset;
    private int payloadLength;

    /** Parses a body of the given type (MEDIA or CONTROL); false when malformed. */
    public boolean parse(FrameType type, byte[] buf, int off, int len) {
        reset();
        if (type != FrameType.MEDIA && type != FrameType.CONTROL) {
            return false;
        }
        boolean isControl = type == FrameType.CONTROL;
        int head = isControl ? CONTROL_HEADER : MEDIA_HEADER;
        if (buf == null || off < 0 || len < head || len > WireFormat.MAX_BODY || off > buf.length - len) {
            return false;
        }
        int f = WireFormat.u8(buf, off + 9);
        int s = WireFormat.i32(buf, off + 10);
        int fl = WireFormat.i32(buf, off + 14);
        if ((f & ~KNOWN_FLAGS) != 0 || fl - s > 0 || s - fl > MAX_FLOOR_DISTANCE) {
            return false;
        }
        int streamOrType = WireFormat.u8(buf, off + 8);
        if (isControl) {
            if (streamOrType == 0 || (f & FLAG_RELIABLE) == 0) {
                return false; // control type 0 is reserved; controls are always reliable
            }
            stream = WireFormat.CONTROL_STREAM;
            controlType = streamOrType;
        } else {
            if (streamOrType > WireFormat.MAX_MEDIA_STREAM) {
                return false;
            }
            stream = streamOrType;
            mediaTimestamp = WireFormat.i32(buf, off + 18);
        }
        control = isControl;
        session = WireFormat.i64(buf, off);
        flags = f;
        seq = s;
        floor = fl;
        payloadOffset = off + head;
        payloadLength = len - head;
        return true;
    }

    private void reset() {
        control = false;
        session = 0;
        stream = 0;
        controlType = 0;
        flags = 0;
        seq = 0;
        floor = 0;
        mediaTimestamp = 0;
        payloadOffset = 0;
        payloadLength = 0;
    }

    /** Writes a MEDIA body; returns its length. The caller checked the payload size. */
    public static int writeMedia(byte[] out, int off, long session, int stream, int flags, int seq, int floor,
            int mediaTimestamp, byte[] payload, int payloadOff, int payloadLen) {
        WireFormat.put64(out, off, session);
        out[off + 8] = (byte) stream;
        out[off + 9] = (byte) flags;
        WireFormat.put32(out, off + 10, seq);
        WireFormat.put32(out, off + 14, floor);
        WireFormat.put32(out, off + 18, mediaTimestamp);
        System.arraycopy(payload, payloadOff, out, off + MEDIA_HEADER, payloadLen);
        return MEDIA_HEADER + payloadLen;
    }

    /** Writes a CONTROL body; returns its length. */
    public static int writeControl(byte[] out, int off, long session, int controlType, int flags, int seq, int floor,
            byte[] payload, int payloadOff, int payloadLen) {
        WireFormat.put64(out, off, session);
        out[off + 8] = (byte) controlType;
        out[off + 9] = (byte) flags;
        WireFormat.put32(out, off + 10, seq);
        WireFormat.put32(out, off + 14, floor);
        System.arraycopy(payload, payloadOff, out, off + CONTROL_HEADER, payloadLen);
        return CONTROL_HEADER + payloadLen;
    }

    /** Rewrites flags and floor of a stored body before a retransmission (the rest never changes). */
    static void patchForRetransmission(byte[] body, int off, int floor) {
        body[off + 9] = (byte) (body[off + 9] | FLAG_RETRANSMISSION);
        WireFormat.put32(body, off + 14, floor);
    }

    /** True for a CONTROL body. */
    public boolean isControl() {
        return control;
    }

    /** Session id. */
    public long session() {
        return session;
    }

    /** Stream id (255 for control). */
    public int stream() {
        return stream;
    }

    /** Control type (CONTROL only). */
    public int controlType() {
        return controlType;
    }

    /** Flags. */
    public int flags() {
        return flags;
    }

    /** True when the reliable flag is set. */
    public boolean reliable() {
        return (flags & FLAG_RELIABLE) != 0;
    }

    /** Per-(session, stream) sequence number. */
    public int seq() {
        return seq;
    }

    /** Lowest seq the sender may still (re)transmit on this stream; everything below is settled. */
    public int floor() {
        return floor;
    }

    /** Media timestamp, 48 kHz clock (MEDIA only). */
    public int mediaTimestamp() {
        return mediaTimestamp;
    }

    /** Offset of the payload in the parsed buffer. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length. */
    public int payloadLength() {
        return payloadLength;
    }
}
