package net.voxedge.topology.consul;

import java.time.Clock;
import java.time.Duration;

/**
 * Where the Consul agent is and how the registry talks to it.
 *
 * @param host                    the local agent's HTTP address (default {@code 127.0.0.1})
 * @param port                    its HTTP port (default 8500)
 * @param watch                   whether to watch the live state (a member that needs nothing from others may not)
 * @param blockingWait            how long one blocking query may wait (Consul's {@code wait}; default 5 min, at most 10)
 * @param requestTimeout          the limit on every other request (default 5 s)
 * @param retryMin                the first retry delay after a failed watch; it doubles up to {@code retryMax}
 * @param retryMax                the longest retry delay (default 10 s)
 * @param emptyPrefixPoll         the pause between reads while the KV prefix is empty: the Vert.x client drops
 *                                the index of a 404, so those reads cannot block (default 1 s)
 * @param deregisterCriticalAfter Consul removes a member critical this long (DeregisterCriticalServiceAfter;
 *                                default 10 min; Consul's floor is 1 min)
 * @param clock                   wall clock for the times stamped on published values
 */
public record ConsulRegistryOptions(String host, int port, boolean watch, Duration blockingWait, Duration requestTimeout,
                                    Duration retryMin, Duration retryMax, Duration emptyPrefixPoll,
                                    Duration deregisterCriticalAfter, Clock clock) {

    public ConsulRegistryOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("consul host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("consul port must be 1..65535 (got " + port + ")");
        }
        if (blockingWait == null || blockingWait.compareTo(Duration.ofSeconds(1)) < 0 || blockingWait.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("consul blockingWait must be 1 s .. 10 min (got " + blockingWait + ")");
        }
        positive("requestTimeout", requestTimeout);
        positive("retryMin", retryMin);
        positive("retryMax", retryMax);
        positive("emptyPrefixPoll", emptyPrefixPoll);
        positive("deregisterCriticalAfter", deregisterCriticalAfter);
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retryMax must be >= retryMin");
        }
    }

    /** The defaults, for the agent at {@code host:port}. */
    public static ConsulRegistryOptions defaults(String host, int port) {
        return new ConsulRegistryOptions(host, port, true, Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(10), Clock.systemUTC());
    }

    public ConsulRegistryOptions withBlockingWait(Duration w) {
        return new ConsulRegistryOptions(host, port, watch, w, requestTimeout, retryMin, retryMax, emptyPrefixPoll, deregisterCriticalAfter, clock);
    }

    public ConsulRegistryOptions withRetry(Duration min, Duration max) {
        return new ConsulRegistryOptions(host, port, watch, blockingWait, requestTimeout, min, max, emptyPrefixPoll, deregisterCriticalAfter, clock);
    }

    public ConsulRegistryOptions withRequestTimeout(Duration t) {
        return new ConsulRegistryOptions(host, port, watch, blockingWait, t, retryMin, retryMax, emptyPrefixPoll, deregisterCriticalAfter, clock);
    }

    public ConsulRegistryOptions withEmptyPrefixPoll(Duration p) {
        return new ConsulRegistryOptions(host, port, watch, blockingWait, requestTimeout, retryMin, retryMax, p, deregisterCriticalAfter, clock);
    }

    public ConsulRegistryOptions withWatch(boolean w) {
        return new ConsulRegistryOptions(host, port, w, blockingWait, requestTimeout, retryMin, retryMax, emptyPrefixPoll, deregisterCriticalAfter, clock);
    }

    /** Consul's wait parameter ({@code 300s}). */
    String waitParam() {
        return GoDurations.format(blockingWait);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive (got " + d + ")");
        }
    }
}
