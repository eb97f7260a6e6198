package net.voxedge.backbone.agent;

/**
 * Energy-based voice activity detection with onset and hangover (see {@link VadSettings}), on
 * 10 ms frames of PCM16 at 24 kHz. Its clock is the audio it has been given (frames × 10 ms), so
 * it is deterministic and needs no wall time. Allocation-free; one per connection.
 */
public final class VoiceActivityDetector {
    /** Samples per analysis frame: 10 ms at 24 kHz. */
    public static final int FRAME_SAMPLES = 240;

    /** What one frame changed. */
    public enum Transition { NONE, STARTED, STOPPED }

    private final double startRms;
    private final double stopRms;
    private final int onsetFrames;
    private final int hangoverFrames;
    private long frames;
    private boolean speaking;
    private int loudRun;
    private int quietRun;
    private long speechStartFrame;
    private long lastLoudFrame;

    /** A detector with these thresholds. */
    public VoiceActivityDetector(VadSettings settings) {
        this.startRms = 32768 * Math.pow(10, settings.startDb() / 20);
        this.stopRms = 32768 * Math.pow(10, settings.stopDb() / 20);
        this.onsetFrames = Math.max(1, settings.onsetMs() / 10);
        this.hangoverFrames = Math.max(1, settings.hangoverMs() / 10);
    }

    /** Classifies the frame {@code pcm[off .. off+240)} and says whether speech started or stopped with it. */
    public Transition onFrame(short[] pcm, int off) {
        double sum = 0;
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            double s = pcm[off + i];
            sum += s * s;
        }
        double rms = Math.sqrt(sum / FRAME_SAMPLES);
        long frame = frames++;
        boolean loud = rms >= startRms;
        boolean quiet = rms < stopRms;
        if (!speaking) {
            loudRun = loud ? loudRun + 1 : 0;
            if (loudRun >= onsetFrames) {
                speaking = true;
                speechStartFrame = frame - onsetFrames + 1;
                lastLoudFrame = frame;
                quietRun = 0;
                return Transition.STARTED;
            }
            return Transition.NONE;
        }
        if (!quiet) {
            quietRun = 0;
            lastLoudFrame = frame;
            return Transition.NONE;
        }
        quietRun++;
        if (quietRun >= hangoverFrames) {
            speaking = false;
            loudRun = 0;
            return Transition.STOPPED;
        }
        return Transition.NONE;
    }

    /** Whether the detector is inside speech. */
    public boolean speaking() {
        return speaking;
    }

    /** Milliseconds of audio analysed so far (the stream clock). */
    public long streamMs() {
        return frames * 10;
    }

    /** Where the current/last speech began, in ms of the stream (its first loud frame). */
    public long speechStartMs() {
        return speechStartFrame * 10;
    }

    /** Where the last speech ended, in ms of the stream (the end of its last loud frame). */
    public long speechEndMs() {
        return (lastLoudFrame + 1) * 10;
    }

    /** Forgets the state (input buffer cleared); the stream clock keeps running. */
    public void reset() {
        speaking = false;
        loudRun = 0;
        quietRun = 0;
    }
}
