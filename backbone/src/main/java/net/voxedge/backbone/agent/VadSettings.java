package net.voxedge.backbone.agent;

/**
 * Thresholds of the parrot's energy VAD (10 ms frames at 24 kHz; levels in dBFS of the frame RMS,
 * 0 dBFS = a full-scale square wave).
 *
 * @param startDb    a frame at or above this is loud (speech candidate)
 * @param stopDb     a frame below this is quiet; between the two a frame keeps the current state
 *                   (hysteresis, so a level hovering at one threshold does not flap)
 * @param onsetMs    loud frames in a row that start speech (shorter clicks are ignored)
 * @param hangoverMs quiet frames in a row that end speech (pauses between words are shorter)
 * @param prerollMs  audio before the onset kept in the recording, so the first syllable is not clipped
 */
public record VadSettings(double startDb, double stopDb, int onsetMs, int hangoverMs, int prerollMs) {
    /** -40 dBFS on, -45 dBFS off, 30 ms onset, 300 ms hangover, 100 ms pre-roll. */
    public static final VadSettings DEFAULT = new VadSettings(-40, -45, 30, 300, 100);

    /** Checks the values, naming the field a person got wrong. */
    public VadSettings {
        if (stopDb > startDb) {
            throw new IllegalArgumentException("vad stopDb (" + stopDb + ") must not be above startDb (" + startDb + ")");
        }
        if (onsetMs < 10 || hangoverMs < 10 || prerollMs < 0 || prerollMs > 1000) {
            throw new IllegalArgumentException("vad onsetMs and hangoverMs must be >= 10, prerollMs 0..1000");
        }
    }
}
