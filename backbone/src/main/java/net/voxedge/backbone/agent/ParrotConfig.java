package net.voxedge.backbone.agent;

/**
 * How the parrot behaves.
 *
 * @param speed             how much faster than real time replies are generated (4 = a second of audio in 250 ms)
 * @param chunkMs           audio per {@code response.output_audio.delta}
 * @param responseDelayMs   quiet after the end of speech before the reply starts (stream time)
 * @param maxUtteranceMs    longest utterance recorded; the rest is not kept (bounds memory per connection)
 * @param vad               the voice activity detector's thresholds
 */
public record ParrotConfig(double speed, int chunkMs, int responseDelayMs, int maxUtteranceMs, VadSettings vad) {
    /** 4× real time, 100 ms chunks, 500 ms delay, 30 s cap, {@link VadSettings#DEFAULT}. */
    public static final ParrotConfig DEFAULT = new ParrotConfig(4.0, 100, 500, 30_000, VadSettings.DEFAULT);

    /** Checks the values, naming the field a person got wrong. */
    public ParrotConfig {
        if (!(speed >= 0.25 && speed <= 1000)) {
            throw new IllegalArgumentException("parrot speed must be 0.25..1000 (times real time), got " + speed);
        }
        if (chunkMs < 10 || chunkMs > 1000 || chunkMs % 10 != 0) {
            throw new IllegalArgumentException("parrot chunkMs must be a multiple of 10 in 10..1000, got " + chunkMs);
        }
        if (responseDelayMs < 0 || maxUtteranceMs < 100 || maxUtteranceMs > 120_000) {
            throw new IllegalArgumentException("parrot responseDelayMs must be >= 0 and maxUtteranceMs 100..120000");
        }
    }

    /** The same with another speed. */
    public ParrotConfig withSpeed(double s) {
        return new ParrotConfig(s, chunkMs, responseDelayMs, maxUtteranceMs, vad);
    }

    /** Wall-clock milliseconds between two deltas. */
    public long deltaIntervalMs() {
        return Math.max(1, Math.round(chunkMs / speed));
    }
}
