package net.voxedge.edge.rtp;

/**
 * Writes the RTCP packets the edge sends: SR, RR, generic NACK and PLI, straight into a caller's
 * buffer. Each method returns the bytes written, or -1 (writing nothing) when the packet would not
 * fit in {@code b[off .. off+capacity)} or an argument is out of range. Without negotiated
 * reduced-size RTCP (RFC 5506) a NACK or PLI must follow an SR or RR in the same compound packet:
 * chain the calls, each starting where the previous one ended.
 */
public final class RtcpWriter {

    /** At most 31 report blocks fit the 5-bit count field. */
    public static final int MAX_REPORT_BLOCKS = 31;
    /** Size of a PLI packet. */
    public static final int PLI_LENGTH = 12;

    private RtcpWriter() {
    }

    /** Writes an RR carrying {@code blocks[0 .. blockCount)}. */
    public static int writeReceiverReport(byte[] b, int off, int capacity, long senderSsrc,
            ReportBlock[] blocks, int blockCount) {
        if (!validBlocks(blocks, blockCount)) {
            return -1;
        }
        int length = 8 + blockCount * ReportBlock.LENGTH;
        if (!fits(b, off, capacity, length)) {
            return -1;
        }
        header(b, off, blockCount, RtcpCompound.PT_RR, length);
        RtpPacket.putU32(b, off + 4, senderSsrc);
        for (int i = 0; i < blockCount; i++) {
            blocks[i].write(b, off + 8 + i * ReportBlock.LENGTH);
        }
        return length;
    }

    /** Writes an SR with sender info and {@code blocks[0 .. blockCount)} ({@code blocks} may be null when 0). */
    public static int writeSenderReport(byte[] b, int off, int capacity, long senderSsrc, long ntpTimestamp,
            long rtpTimestamp, long packetCount, long octetCount, ReportBlock[] blocks, int blockCount) {
        if (!validBlocks(blocks, blockCount)) {
            return -1;
        }
        int length = 28 + blockCount * ReportBlock.LENGTH;
        if (!fits(b, off, capacity, length)) {
            return -1;
        }
        header(b, off, blockCount, RtcpCompound.PT_SR, length);
        RtpPacket.putU32(b, off + 4, senderSsrc);
        RtpPacket.putU32(b, off + 8, ntpTimestamp >>> 32);
        RtpPacket.putU32(b, off + 12, ntpTimestamp);
        RtpPacket.putU32(b, off + 16, rtpTimestamp);
        RtpPacket.putU32(b, off + 20, packetCount);
        RtpPacket.putU32(b, off + 24, octetCount);
        for (int i = 0; i < blockCount; i++) {
            blocks[i].write(b, off + 28 + i * ReportBlock.LENGTH);
        }
        return length;
    }

    /** Writes a PLI (PSFB FMT 1) about {@code mediaSsrc}. */
    public static int writePli(byte[] b, int off, int capacity, long senderSsrc, long mediaSsrc) {
        if (!fits(b, off, capacity, PLI_LENGTH)) {
            return -1;
        }
        header(b, off, RtcpCompound.FMT_PLI, RtcpCompound.PT_PSFB, PLI_LENGTH);
        RtpPacket.putU32(b, off + 4, senderSsrc);
        RtpPacket.putU32(b, off + 8, mediaSsrc);
        return PLI_LENGTH;
    }

    /**
     * Writes a generic NACK (RTPFB FMT 1) for the lost sequence numbers
     * {@code lost[from .. from+count)}, packing each run of up to 17 numbers into one (PID, BLP)
     * entry. Numbers are expected in ascending order modulo 2^16 (wrap-around is fine); one that
     * cannot join the current entry starts a new entry, and repeats are dropped.
     *
     * @return bytes written, or -1 when {@code count} is 0, the range is invalid or it does not fit
     */
    public static int writeGenericNack(byte[] b, int off, int capacity, long senderSsrc, long mediaSsrc,
            int[] lost, int from, int count) {
        if (lost == null || count <= 0 || from < 0 || from > lost.length - count) {
            return -1;
        }
        int entries = nackEntries(lost, from, count);
        int length = 12 + 4 * entries;
        if (!fits(b, off, capacity, length)) {
            return -1;
        }
        header(b, off, RtcpCompound.FMT_GENERIC_NACK, RtcpCompound.PT_RTPFB, length);
        RtpPacket.putU32(b, off + 4, senderSsrc);
        RtpPacket.putU32(b, off + 8, mediaSsrc);
        int p = off + 12 - 4;
        int pid = -1;
        int blp = 0;
        for (int i = from; i < from + count; i++) {
            int seq = lost[i] & 0xFFFF;
            int delta = pid < 0 ? -1 : (seq - pid) & 0xFFFF;
            if (delta == 0) {
                continue;
            }
            if (delta >= 1 && delta <= 16) {
                blp |= 1 << (delta - 1);
                RtpPacket.putU16(b, p + 2, blp);
                continue;
            }
            p += 4;
            pid = seq;
            blp = 0;
            RtpPacket.putU16(b, p, pid);
            RtpPacket.putU16(b, p + 2, 0);
        }
        return length;
    }

    /** The number of (PID, BLP) entries {@link #writeGenericNack} produces for these numbers. */
    static int nackEntries(int[] lost, int from, int count) {
        int entries = 0;
        int pid = -1;
        for (int i = from; i < from + count; i++) {
            int seq = lost[i] & 0xFFFF;
            int delta = pid < 0 ? -1 : (seq - pid) & 0xFFFF;
            if (delta >= 0 && delta <= 16) {
                continue;
            }
            entries++;
            pid = seq;
        }
        return entries;
    }

    /**
     * Writes an SDES packet with one chunk carrying the CNAME item (RFC 3550 6.5): every compound
     * RTCP packet must contain one when reduced-size RTCP was not negotiated. {@code cname} is
     * pre-encoded (at most 255 bytes) so the periodic report allocates nothing.
     */
    public static int writeSdesCname(byte[] b, int off, int capacity, long ssrc, byte[] cname) {
        if (cname == null || cname.length > 255) {
            return -1;
        }
        // SSRC, CNAME item (type, length, text), then at least one zero octet ending the item
        // list, padded to a 32-bit boundary.
        int chunk = 4 + 2 + cname.length;
        int padded = (chunk + 1 + 3) & ~3;
        int length = 4 + padded;
        if (!fits(b, off, capacity, length)) {
            return -1;
        }
        header(b, off, 1, RtcpCompound.PT_SDES, length);
        RtpPacket.putU32(b, off + 4, ssrc);
        b[off + 8] = 1;
        b[off + 9] = (byte) cname.length;
        System.arraycopy(cname, 0, b, off + 10, cname.length);
        for (int i = off + 10 + cname.length; i < off + length; i++) {
            b[i] = 0;
        }
        return length;
    }

    private static boolean validBlocks(ReportBlock[] blocks, int blockCount) {
        if (blockCount < 0 || blockCount > MAX_REPORT_BLOCKS) {
            return false;
        }
        if (blockCount == 0) {
            return true;
        }
        if (blocks == null || blocks.length < blockCount) {
            return false;
        }
        for (int i = 0; i < blockCount; i++) {
            if (blocks[i] == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(byte[] b, int off, int capacity, int length) {
        return b != null && off >= 0 && capacity >= length && off <= b.length - length;
    }

    private static void header(byte[] b, int off, int count, int packetType, int length) {
        b[off] = (byte) (0x80 | count);
        b[off + 1] = (byte) packetType;
        RtpPacket.putU16(b, off + 2, length / 4 - 1);
    }
}
