package net.voxedge.backbone.codec;

/**
 * Reads the duration of an Opus packet from its TOC byte and framing (RFC 6716 §3.1–3.2) without
 * decoding it, so that a packet that would not fit a buffer, or is not the duration a path
 * expects, is refused with a reason before it reaches the codec. Stateless; allocates nothing.
 */
public final class OpusToc {
    /** Samples at 48 kHz in 120 ms, the longest packet Opus allows. */
    public static final int MAX_PACKET_SAMPLES_48K = 5760;

    /** Frame sizes at 48 kHz, indexed by TOC config (bits 7..3): SILK, then Hybrid, then CELT. */
    private static final short[] FRAME_SAMPLES_BY_CONFIG = {
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, // SILK NB/MB/WB: 10/20/40/60 ms
        480, 960, 480, 960, // Hybrid SWB/FB: 10/20 ms
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960 // CELT: 2.5/5/10/20 ms
    };

    private OpusToc() {}

    /** Samples at 48 kHz of one frame of a packet with this TOC byte. */
    public static int frameSamples48k(int toc) {
        return FRAME_SAMPLES_BY_CONFIG[(toc & 0xFF) >>> 3];
    }

    /** Whether the TOC byte says stereo (the 's' bit). */
    public static boolean isStereo(int toc) {
        return (toc & 0x04) != 0;
    }

    /**
     * Total samples at 48 kHz the packet decodes to, or a negative {@link OpusPacketError#code()}
     * if its framing is invalid. Checks what can be checked without decoding: the frame count
     * code, code-1 even length, code-2 first-frame length, code-3 count and padding, and the
     * 120 ms limit.
     */
    public static int packetSamples48k(byte[] packet, int off, int len) {
        if (len <= 0) {
            return OpusPacketError.EMPTY.code();
        }
        int toc = packet[off] & 0xFF;
        int frame = frameSamples48k(toc);
        int frames;
        switch (toc & 0x03) {
            case 0 -> frames = 1;
            case 1 -> {
                if (((len - 1) & 1) != 0) {
                    return OpusPacketError.CODE1_ODD_LENGTH.code();
                }
                frames = 2;
            }
            case 2 -> {
                int firstLength = frameLength(packet, off + 1, len - 1);
                if (firstLength < 0) {
                    return OpusPacketError.CODE2_BAD_LENGTH.code();
                }
                int header = firstLength >= 252 ? 2 : 1;
                if (1 + header + firstLength > len) {
                    return OpusPacketError.CODE2_BAD_LENGTH.code();
                }
                frames = 2;
            }
            default -> {
                if (len < 2) {
                    return OpusPacketError.CODE3_BAD_HEADER.code();
                }
                int countByte = packet[off + 1] & 0xFF;
                frames = countByte & 0x3F;
                if (frames == 0) {
                    return OpusPacketError.CODE3_BAD_HEADER.code();
                }
                if ((long) frames * frame > MAX_PACKET_SAMPLES_48K) {
                    return OpusPacketError.TOO_LONG.code();
                }
                if ((countByte & 0x40) != 0 && !paddingFits(packet, off + 2, len - 2)) {
                    return OpusPacketError.CODE3_BAD_HEADER.code();
                }
            }
        }
        int total = frames * frame;
        return total > MAX_PACKET_SAMPLES_48K ? OpusPacketError.TOO_LONG.code() : total;
    }

    /** A frame length as coded in §3.2.1 (one or two bytes), or -1 if the bytes are missing. */
    private static int frameLength(byte[] b, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int first = b[off] & 0xFF;
        if (first < 252) {
            return first;
        }
        if (len < 2) {
            return -1;
        }
        return first + 4 * (b[off + 1] & 0xFF);
    }

    /** Whether the code-3 padding length bytes (§3.2.5: 255 means 254 more and continue) fit. */
    private static boolean paddingFits(byte[] b, int off, int len) {
        long padding = 0;
        int i = 0;
        while (true) {
            if (i >= len) {
                return false;
            }
            int v = b[off + i] & 0xFF;
            i++;
            if (v == 255) {
                padding += 254;
            } else {
                padding += v;
                break;
            }
        }
        return i + padding <= len;
    }
}
