package net.voxedge.edge.rtp;

/**
 * Reusable, allocation-free reader of a compound RTCP packet (RFC 3550 section 6.1) held in a
 * caller's {@code byte[]}.
 *
 * <p>{@link #parse} validates the whole compound before anything is exposed, following the
 * checks of RFC 3550 appendix A.2 — version 2 everywhere, padding only on the last packet, lengths
 * that add up exactly — except that the first packet need not be an SR or RR, because reduced-size
 * RTCP (RFC 5506) sends lone feedback packets. Each packet is also checked to be long enough for
 * the fields this class exposes, so once parse returned {@link RtcpParseResult#OK}, iterating with
 * {@link #next()} and calling the accessors that fit the current {@link #kind()} cannot read out of
 * bounds. Accessors for another kind, or with an out-of-range index, return 0 or -1.
 *
 * <pre>{@code
 * if (rtcp.parse(buf, off, len) == RtcpParseResult.OK) {
 *     while (rtcp.next()) {
 *         switch (rtcp.kind()) {
 *             case SENDER_REPORT -> ...rtcp.ntpTimestamp()...
 *             case GENERIC_NACK -> { for (int i = 0; i < rtcp.nackCount(); i++) ...rtcp.nackPid(i)... }
 *             default -> { }
 *         }
 *     }
 * }
 * }</pre>
 * Not thread-safe; keep one per worker.
 */
public final class RtcpCompound {

    /** RTCP packet type of a sender report. */
    public static final int PT_SR = 200;
    /** RTCP packet type of a receiver report. */
    public static final int PT_RR = 201;
    /** RTCP packet type of source description. */
    public static final int PT_SDES = 202;
    /** RTCP packet type of goodbye. */
    public static final int PT_BYE = 203;
    /** RTCP packet type of application-defined packets. */
    public static final int PT_APP = 204;
    /** RTCP packet type of transport-layer feedback (RFC 4585). */
    public static final int PT_RTPFB = 205;
    /** RTCP packet type of payload-specific feedback (RFC 4585). */
    public static final int PT_PSFB = 206;
    /** RTCP packet type of extended reports (RFC 3611). */
    public static final int PT_XR = 207;
    /** FMT of a generic NACK inside RTPFB. */
    public static final int FMT_GENERIC_NACK = 1;
    /** FMT of a picture loss indication inside PSFB. */
    public static final int FMT_PLI = 1;

    private static final int HEADER = 4;
    private static final int SENDER_INFO = 20;

    private byte[] buf;
    private int start;
    private int end;
    private boolean valid;
    private int cursor;
    private int packetCount;

    // The packet next() stopped at.
    private int packetOffset = -1;
    private int packetLength;
    private int paddingLength;
    private RtcpPacketKind kind;

    /** Validates {@code b[off .. off+len)} as a compound RTCP packet and positions before its first packet. */
    public RtcpParseResult parse(byte[] b, int off, int len) {
        valid = false;
        buf = null;
        start = 0;
        end = 0;
        cursor = 0;
        packetCount = 0;
        clearCurrent();
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return RtcpParseResult.OUT_OF_BOUNDS;
        }
        if (len < HEADER) {
            return RtcpParseResult.TOO_SHORT;
        }
        int limit = off + len;
        int p = off;
        int count = 0;
        while (p < limit) {
            if (limit - p < HEADER) {
                return RtcpParseResult.BAD_LENGTH;
            }
            int b0 = b[p] & 0xFF;
            if ((b0 >>> 6) != 2) {
                return RtcpParseResult.BAD_VERSION;
            }
            int packetLen = (RtpPacket.u16(b, p + 2) + 1) * 4;
            if (packetLen > limit - p) {
                return RtcpParseResult.BAD_LENGTH;
            }
            int padding = 0;
            if ((b0 & 0x20) != 0) {
                if (p + packetLen != limit) {
                    return RtcpParseResult.BAD_PADDING;
                }
                padding = b[p + packetLen - 1] & 0xFF;
                if (padding == 0 || padding > packetLen - HEADER) {
                    return RtcpParseResult.BAD_PADDING;
                }
            }
            RtcpParseResult r = checkBody(b0 & 0x1F, b[p + 1] & 0xFF, packetLen - HEADER - padding);
            if (r != RtcpParseResult.OK) {
                return r;
            }
            p += packetLen;
            count++;
        }
        buf = b;
        start = off;
        end = limit;
        cursor = off;
        packetCount = count;
        valid = true;
        return RtcpParseResult.OK;
    }

    private static RtcpParseResult checkBody(int count, int packetType, int bodyLength) {
        return switch (packetType) {
            case PT_SR -> bodyLength >= 4 + SENDER_INFO + count * ReportBlock.LENGTH
                    ? RtcpParseResult.OK : RtcpParseResult.BAD_SENDER_REPORT;
            case PT_RR -> bodyLength >= 4 + count * ReportBlock.LENGTH
                    ? RtcpParseResult.OK : RtcpParseResult.BAD_RECEIVER_REPORT;
            case PT_BYE -> bodyLength >= 4 * count ? RtcpParseResult.OK : RtcpParseResult.BAD_BYE;
            case PT_RTPFB, PT_PSFB -> bodyLength >= 8 ? RtcpParseResult.OK : RtcpParseResult.BAD_FEEDBACK;
            default -> RtcpParseResult.OK;
        };
    }

    /** Number of packets in the compound after a successful parse. */
    public int packetCount() {
        return packetCount;
    }

    /** Moves to the next packet; false at the end (or when the last parse failed). */
    public boolean next() {
        if (!valid || cursor >= end) {
            clearCurrent();
            return false;
        }
        int b0 = buf[cursor] & 0xFF;
        packetOffset = cursor;
        packetLength = (RtpPacket.u16(buf, cursor + 2) + 1) * 4;
        paddingLength = (b0 & 0x20) != 0 ? buf[cursor + packetLength - 1] & 0xFF : 0;
        kind = kindOf(buf[cursor + 1] & 0xFF, b0 & 0x1F);
        cursor += packetLength;
        return true;
    }

    /** Rewinds to before the first packet, to iterate again. */
    public void rewind() {
        if (valid) {
            cursor = start;
        }
        clearCurrent();
    }

    private void clearCurrent() {
        packetOffset = -1;
        packetLength = 0;
        paddingLength = 0;
        kind = null;
    }

    private static RtcpPacketKind kindOf(int packetType, int fmt) {
        return switch (packetType) {
            case PT_SR -> RtcpPacketKind.SENDER_REPORT;
            case PT_RR -> RtcpPacketKind.RECEIVER_REPORT;
            case PT_SDES -> RtcpPacketKind.SOURCE_DESCRIPTION;
            case PT_BYE -> RtcpPacketKind.BYE;
            case PT_APP -> RtcpPacketKind.APP;
            case PT_RTPFB -> fmt == FMT_GENERIC_NACK ? RtcpPacketKind.GENERIC_NACK : RtcpPacketKind.OTHER_TRANSPORT_FEEDBACK;
            case PT_PSFB -> fmt == FMT_PLI ? RtcpPacketKind.PICTURE_LOSS_INDICATION : RtcpPacketKind.OTHER_PAYLOAD_FEEDBACK;
            case PT_XR -> RtcpPacketKind.EXTENDED_REPORT;
            default -> RtcpPacketKind.UNKNOWN;
        };
    }

    private boolean on() {
        return packetOffset >= 0;
    }

    /** Kind of the current packet, or null before the first / after the last {@link #next()}. */
    public RtcpPacketKind kind() {
        return kind;
    }

    /** Packet type byte of the current packet (200..207 for the known kinds), or -1. */
    public int packetType() {
        return on() ? buf[packetOffset + 1] & 0xFF : -1;
    }

    /** The 5-bit count field: report count, source count or feedback FMT; -1 when not on a packet. */
    public int count() {
        return on() ? buf[packetOffset] & 0x1F : -1;
    }

    /** Absolute offset of the current packet in the buffer, or -1. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet in bytes, header and padding included. */
    public int packetLength() {
        return packetLength;
    }

    /** Padding bytes at the end of the current packet (only the last packet may have any). */
    public int paddingLength() {
        return paddingLength;
    }

    /** Absolute offset of the current packet's body (after its 4-byte header), or -1. */
    public int bodyOffset() {
        return on() ? packetOffset + HEADER : -1;
    }

    /** Length of the current packet's body, padding excluded. */
    public int bodyLength() {
        return on() ? packetLength - HEADER - paddingLength : 0;
    }

    /**
     * SSRC of the packet's sender for SR, RR, RTPFB and PSFB (the first word of the body);
     * -1 for other kinds.
     */
    public long senderSsrc() {
        if (kind == RtcpPacketKind.SENDER_REPORT || kind == RtcpPacketKind.RECEIVER_REPORT || isFeedback()) {
            return RtpPacket.u32(buf, packetOffset + HEADER);
        }
        return -1;
    }

    // ---- sender report ----

    /** SR: the 64-bit NTP timestamp, or 0 for other kinds. */
    public long ntpTimestamp() {
        if (kind != RtcpPacketKind.SENDER_REPORT) {
            return 0;
        }
        return (RtpPacket.u32(buf, packetOffset + 8) << 32) | RtpPacket.u32(buf, packetOffset + 12);
    }

    /** SR: the RTP timestamp matching {@link #ntpTimestamp()}, or -1. */
    public long rtpTimestamp() {
        return kind == RtcpPacketKind.SENDER_REPORT ? RtpPacket.u32(buf, packetOffset + 16) : -1;
    }

    /** SR: the sender's packet count, or -1. */
    public long senderPacketCount() {
        return kind == RtcpPacketKind.SENDER_REPORT ? RtpPacket.u32(buf, packetOffset + 20) : -1;
    }

    /** SR: the sender's octet count, or -1. */
    public long senderOctetCount() {
        return kind == RtcpPacketKind.SENDER_REPORT ? RtpPacket.u32(buf, packetOffset + 24) : -1;
    }

    // ---- report blocks (SR and RR) ----

    /** Number of report blocks in the current SR or RR; 0 for other kinds. */
    public int reportCount() {
        return kind == RtcpPacketKind.SENDER_REPORT || kind == RtcpPacketKind.RECEIVER_REPORT ? count() : 0;
    }

    /** Absolute offset of report block {@code i}, or -1 when there is no such block. */
    public int reportBlockOffset(int i) {
        if (i < 0 || i >= reportCount()) {
            return -1;
        }
        int first = packetOffset + HEADER + 4 + (kind == RtcpPacketKind.SENDER_REPORT ? SENDER_INFO : 0);
        return first + i * ReportBlock.LENGTH;
    }

    /** Copies report block {@code i} into {@code out}; false when there is no such block. */
    public boolean reportBlock(int i, ReportBlock out) {
        int p = reportBlockOffset(i);
        if (p < 0) {
            return false;
        }
        int lost = ((buf[p + 5] & 0xFF) << 16) | ((buf[p + 6] & 0xFF) << 8) | (buf[p + 7] & 0xFF);
        out.set(RtpPacket.u32(buf, p), buf[p + 4] & 0xFF, (lost << 8) >> 8, RtpPacket.u32(buf, p + 8),
                RtpPacket.u32(buf, p + 12), RtpPacket.u32(buf, p + 16), RtpPacket.u32(buf, p + 20));
        return true;
    }

    // ---- RFC 4585 feedback ----

    private boolean isFeedback() {
        return kind == RtcpPacketKind.GENERIC_NACK || kind == RtcpPacketKind.OTHER_TRANSPORT_FEEDBACK
                || kind == RtcpPacketKind.PICTURE_LOSS_INDICATION || kind == RtcpPacketKind.OTHER_PAYLOAD_FEEDBACK;
    }

    /** RTPFB/PSFB: SSRC of the media source the feedback is about, or -1. */
    public long mediaSsrc() {
        return isFeedback() ? RtpPacket.u32(buf, packetOffset + 8) : -1;
    }

    /** Generic NACK: number of (PID, BLP) entries; 0 for other kinds. */
    public int nackCount() {
        return kind == RtcpPacketKind.GENERIC_NACK ? (bodyLength() - 8) / 4 : 0;
    }

    /** Generic NACK entry {@code i}: the packet id (a lost sequence number), or -1. */
    public int nackPid(int i) {
        return i >= 0 && i < nackCount() ? RtpPacket.u16(buf, packetOffset + 12 + 4 * i) : -1;
    }

    /** Generic NACK entry {@code i}: bitmask of the 16 following lost packets, or -1. */
    public int nackBlp(int i) {
        return i >= 0 && i < nackCount() ? RtpPacket.u16(buf, packetOffset + 14 + 4 * i) : -1;
    }

    // ---- BYE ----

    /** BYE: number of SSRCs leaving; 0 for other kinds. */
    public int byeSsrcCount() {
        return kind == RtcpPacketKind.BYE ? count() : 0;
    }

    /** BYE: SSRC {@code i}, or -1. */
    public long byeSsrc(int i) {
        return i >= 0 && i < byeSsrcCount() ? RtpPacket.u32(buf, packetOffset + HEADER + 4 * i) : -1;
    }
}
