package net.voxedge.backbone.codec;

/**
 * Encoder settings shared by both implementations.
 *
 * @param bitrate    bits per second (6000..510000); ~32 kb/s is transparent enough for speech
 * @param complexity 0..10: CPU spent per frame for quality; both implementations get the same value
 *                   so that their benchmark figures compare like with like
 */
public record OpusEncoderSettings(int bitrate, int complexity) {
    /** 32 kb/s, complexity 5: speech at wideband and better, at a cost one core carries for many sessions. */
    public static final OpusEncoderSettings VOICE = new OpusEncoderSettings(32_000, 5);

    /** Rejects values Opus itself would refuse, with a message naming the field. */
    public OpusEncoderSettings {
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("opus bitrate must be 6000..510000 b/s, got " + bitrate);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("opus complexity must be 0..10, got " + complexity);
        }
    }
}
