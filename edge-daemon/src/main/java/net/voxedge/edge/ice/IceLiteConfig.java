package net.voxedge.edge.ice;

import java.util.concurrent.TimeUnit;

/**
 * Limits and timers of an {@link IceLiteSession}.
 *
 * @param maxAddresses how many peer addresses may hold consent at once (mediasoup uses 8); bounds the state a
 *     peer can make us keep and the number of paths we would send to
 * @param consentTimeoutNanos consent is lost when no check was accepted for this long (RFC 7675 §5.1: 30 s)
 * @param initialCheckTimeoutNanos how long a new session waits for its first accepted check before consent counts
 *     as lost (a client that never connects)
 */
public record IceLiteConfig(int maxAddresses, long consentTimeoutNanos, long initialCheckTimeoutNanos) {
    /** 8 addresses, 30 s consent timeout, 30 s for the first check. */
    public static final IceLiteConfig DEFAULTS =
            new IceLiteConfig(8, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(30));

    /** Validates the limits. */
    public IceLiteConfig {
        if (maxAddresses < 1 || maxAddresses > 64) {
            throw new IllegalArgumentException("maxAddresses must be 1..64: " + maxAddresses);
        }
        if (consentTimeoutNanos <= 0 || initialCheckTimeoutNanos <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
