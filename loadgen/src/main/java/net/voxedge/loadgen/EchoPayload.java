package net.voxedge.loadgen;

/**
 * The payload every generated packet carries, so that its echo tells exactly when it was sent and
 * whether it came back intact: an Opus TOC byte (so a server that looks at Opus sees a 20 ms
 * frame), a tag, the session number, the sequence number, the send time in nanoseconds, then
 * filler derived from (session, sequence) that the receiver checks byte for byte.
 *
 * <pre>
 *  0      1..3   4..7      8..11  12..19        20..len
 *  TOC    'VXL'  session   seq    sendNanos     filler(session, seq, i)
 * </pre>
 *
 * Sans-IO and allocation-free: reads and writes the caller's array.
 */
public final class EchoPayload {
    /** Opus TOC: config 15 (hybrid, fullband, 20 ms), mono, one frame: what Chromium sends for voice. */
    public static final byte OPUS_TOC = 0x78;
    /** Bytes before the filler; the smallest payload this class writes. */
    public static final int HEADER_LENGTH = 20;
    /** The largest payload the generator sends (a 20 ms Opus frame at 64 kbit/s). */
    public static final int MAX_LENGTH = 1000;

    private EchoPayload() {
    }

    /** Outcome of {@link #read}. */
    public enum Check {
        /** The payload is one of ours and every filler byte matches. */
        OK,
        /** Shorter than {@link #HEADER_LENGTH}, or no tag: not a packet this generator made. */
        NOT_OURS,
        /** Tagged as ours but a filler byte differs: the server changed the payload. */
        CORRUPT
    }

    /**
     * Writes a payload of {@code len} bytes at {@code out[off..]}.
     *
     * @param len {@link #HEADER_LENGTH}..{@link #MAX_LENGTH}
     */
    public static void write(byte[] out, int off, int len, int session, int seq, long sendNanos) {
        if (len < HEADER_LENGTH || len > MAX_LENGTH) {
            throw new IllegalArgumentException("payload length must be " + HEADER_LENGTH + ".." + MAX_LENGTH + ": " + len);
        }
        out[off] = OPUS_TOC;
        out[off + 1] = 'V';
        out[off + 2] = 'X';
        out[off + 3] = 'L';
        putInt(out, off + 4, session);
        putInt(out, off + 8, seq);
        putLong(out, off + 12, sendNanos);
        for (int i = HEADER_LENGTH; i < len; i++) {
            out[off + i] = filler(session, seq, i);
        }
    }

    /** Checks the payload at {@code b[off, off+len)}; never throws on any input. */
    public static Check read(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < HEADER_LENGTH || off > b.length - len) {
            return Check.NOT_OURS;
        }
        if (b[off + 1] != 'V' || b[off + 2] != 'X' || b[off + 3] != 'L') {
            return Check.NOT_OURS;
        }
        int session = session(b, off);
        int seq = sequence(b, off);
        for (int i = HEADER_LENGTH; i < len; i++) {
            if (b[off + i] != filler(session, seq, i)) {
                return Check.CORRUPT;
            }
        }
        return Check.OK;
    }

    /** The session number of a payload {@link #read} accepted. */
    public static int session(byte[] b, int off) {
        return getInt(b, off + 4);
    }

    /** The sequence number of a payload {@link #read} accepted. */
    public static int sequence(byte[] b, int off) {
        return getInt(b, off + 8);
    }

    /** The send time of a payload {@link #read} accepted. */
    public static long sendNanos(byte[] b, int off) {
        return ((long) getInt(b, off + 12) << 32) | (getInt(b, off + 16) & 0xFFFF_FFFFL);
    }

    private static byte filler(int session, int seq, int i) {
        return (byte) (session * 31 + seq * 7 + i * 13);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
