package net.voxedge.edge.turn;

/**
 * Decides, packet by packet, when the user starts and stops speaking, from the RFC 6464 audio
 * level the client puts on every RTP packet.
 *
 * <p>Why levels and not a VAD on decoded audio: browsers compute the level from the captured
 * signal before encoding, so it costs the edge nothing and arrives with the very first packet of
 * speech. One loud packet is not speech (a click, a cough), so onset needs {@link #onsetPackets}
 * loud packets among the last {@link #WINDOW} (a 2-of-3 rule reacts in 40 ms at 20 ms packets);
 * the end of speech needs {@link #hangoverPackets} quiet packets in a row so that the gaps between
 * words don't end the turn.
 *
 * <p>Levels are -dBov (0 = loudest, 127 = silence): "loud" means {@code level <= thresholdDbov}.
 */
public final class SpeechOnsetDetector {

    /** What one packet changed. */
    public enum Transition {
        /** Nothing changed. */
        NONE,
        /** The user started speaking with this packet. */
        ONSET,
        /** The user has been quiet long enough: the turn is over. */
        OFFSET
    }

    /** How many recent packets the onset rule looks at. */
    public static final int WINDOW = 3;

    private final int thresholdDbov;
    private final int onsetPackets;
    private final int hangoverPackets;

    private int recentLoudBits; // bit i set = packet i steps ago was loud (i < WINDOW)
    private int quietRun;
    private boolean speaking;

    /**
     * @param thresholdDbov a packet is loud when its level is at most this many -dBov (1..126)
     * @param onsetPackets loud packets among the last {@link #WINDOW} that make an onset (1..WINDOW)
     * @param hangoverPackets quiet packets in a row that end the user's turn (at least 1)
     */
    public SpeechOnsetDetector(int thresholdDbov, int onsetPackets, int hangoverPackets) {
        if (thresholdDbov < 1 || thresholdDbov > 126) {
            throw new IllegalArgumentException("thresholdDbov must be 1..126 (got " + thresholdDbov + ")");
        }
        if (onsetPackets < 1 || onsetPackets > WINDOW) {
            throw new IllegalArgumentException("onsetPackets must be 1.." + WINDOW + " (got " + onsetPackets + ")");
        }
        if (hangoverPackets < 1) {
            throw new IllegalArgumentException("hangoverPackets must be at least 1 (got " + hangoverPackets + ")");
        }
        this.thresholdDbov = thresholdDbov;
        this.onsetPackets = onsetPackets;
        this.hangoverPackets = hangoverPackets;
    }

    /** Defaults that suit browser microphones: louder than -50 dBov, 2 of 3 packets, 300 ms hangover. */
    public static SpeechOnsetDetector withDefaults() {
        return new SpeechOnsetDetector(50, 2, 15);
    }

    /**
     * Feeds one received packet's level.
     *
     * @param levelDbov the packet's RFC 6464 level (0..127), or -1 when the packet carries none
     *     (such a packet counts as quiet: no evidence of speech)
     */
    public Transition onPacket(int levelDbov) {
        boolean loud = levelDbov >= 0 && levelDbov <= thresholdDbov;
        recentLoudBits = ((recentLoudBits << 1) | (loud ? 1 : 0)) & ((1 << WINDOW) - 1);
        quietRun = loud ? 0 : quietRun + 1;
        if (!speaking && Integer.bitCount(recentLoudBits) >= onsetPackets) {
            speaking = true;
            return Transition.ONSET;
        }
        if (speaking && quietRun >= hangoverPackets) {
            speaking = false;
            recentLoudBits = 0;
            return Transition.OFFSET;
        }
        return Transition.NONE;
    }

    /** True between an onset and the offset that follows it. */
    public boolean speaking() {
        return speaking;
    }

    /** Forgets everything (e.g. after the session's media restarted). */
    public void reset() {
        recentLoudBits = 0;
        quietRun = 0;
        speaking = false;
    }
}
