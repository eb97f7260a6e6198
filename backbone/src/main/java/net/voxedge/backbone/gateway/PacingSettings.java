package net.voxedge.backbone.gateway;

import java.time.Duration;

/**
 * How the gateway paces agent audio toward the edge (PROTOCOL.md section 10).
 *
 * @param leadNanos      how far ahead of real time a response's frames may go out: the edge
 *                       buffers this much (its pacer holds ~1.28 s, so keep it well below)
 * @param stalenessNanos a frame the gateway held this long past its send time (the gateway was
 *                       stalled) is skipped instead of sent late
 * @param maxQueuedFrames frames held per session; a model that overruns this drops the oldest
 */
public record PacingSettings(long leadNanos, long stalenessNanos, int maxQueuedFrames) {
    /** Duration of one agent frame. */
    public static final long FRAME_NANOS = 20_000_000L;
    /** Defaults: 300 ms lead, 2 s staleness, 60 s of audio queued per session. */
    public static final PacingSettings DEFAULT = of(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(60));

    /** Checks ranges; messages name the setting. */
    public PacingSettings {
        if (leadNanos < 0 || leadNanos > 10_000_000_000L) {
            throw new IllegalArgumentException("pacing lead must be 0..10 s, got " + leadNanos / 1_000_000 + " ms");
        }
        if (stalenessNanos < FRAME_NANOS) {
            throw new IllegalArgumentException("pacing staleness must be at least 20 ms, got " + stalenessNanos / 1_000_000 + " ms");
        }
        if (maxQueuedFrames < 1 || maxQueuedFrames > 1_000_000) {
            throw new IllegalArgumentException("pacing maxQueued must hold 20 ms .. 20000 s of audio, got " + maxQueuedFrames + " frames");
        }
    }

    /** Settings from durations; the queue bound is rounded up to whole 20 ms frames. */
    public static PacingSettings of(Duration lead, Duration staleness, Duration maxQueued) {
        long frames = (maxQueued.toNanos() + FRAME_NANOS - 1) / FRAME_NANOS;
        return new PacingSettings(lead.toNanos(), staleness.toNanos(), (int) Math.min(Integer.MAX_VALUE, frames));
    }
}
