package net.voxedge.edge.presence;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.voxedge.topology.registry.ClientRtt;

/**
 * Collects the round trips the edge measures to its clients (its own STUN probes, RTCP report
 * blocks) into one figure per client prefix between two publications.
 *
 * <p>Prefixes are what the router keys on: /24 for IPv4, /48 for IPv6 (an IPv4-mapped IPv6 address
 * counts as its IPv4 address). The figure is the mean of the period's samples: the router averages
 * periods itself, decaying old ones. Memory is bounded: at most {@code maxPrefixes} prefixes per
 * period; samples for further prefixes are counted as dropped, not kept.
 *
 * <p>Thread-safe: media workers record, a timer drains.
 */
public final class ClientRttAggregator {

    private final String pop;
    private final int maxPrefixes;
    private final ConcurrentHashMap<String, Accumulator> byPrefix = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    private static final class Accumulator {
        long sumMicros;
        int count;
        long newestMillis;
    }

    /**
     * @param pop the PoP name the samples are from
     * @param maxPrefixes the most prefixes one period keeps (the registry's batch limit is 2000)
     */
    public ClientRttAggregator(String pop, int maxPrefixes) {
        this.pop = pop;
        this.maxPrefixes = maxPrefixes;
    }

    /** Records one round trip to the client at {@code client}. */
    public void record(InetAddress client, long rttMicros, long nowMillis) {
        if (client == null || rttMicros < 0) {
            return;
        }
        String prefix = prefixOf(client);
        Accumulator acc = byPrefix.get(prefix);
        if (acc == null) {
            if (byPrefix.size() >= maxPrefixes) {
                dropped.incrementAndGet();
                return;
            }
            acc = byPrefix.computeIfAbsent(prefix, k -> new Accumulator());
        }
        synchronized (acc) {
            acc.sumMicros += rttMicros;
            acc.count++;
            acc.newestMillis = Math.max(acc.newestMillis, nowMillis);
        }
    }

    /** The period's figures, one per prefix, and a fresh period. */
    public List<ClientRtt> drain() {
        List<ClientRtt> out = new ArrayList<>(byPrefix.size());
        for (String prefix : List.copyOf(byPrefix.keySet())) {
            Accumulator acc = byPrefix.remove(prefix);
            if (acc == null) {
                continue;
            }
            synchronized (acc) {
                if (acc.count > 0) {
                    out.add(new ClientRtt(prefix, pop, acc.sumMicros / acc.count, acc.count,
                            Instant.ofEpochMilli(acc.newestMillis)));
                }
            }
        }
        return out;
    }

    /** Samples not kept because the period already had {@code maxPrefixes} prefixes. */
    public long dropped() {
        return dropped.get();
    }

    /** The /24 (IPv4) or /48 (IPv6) prefix of {@code a}, as text the registry accepts. */
    static String prefixOf(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + ".0/24";
        }
        return Integer.toHexString(((b[0] & 0xFF) << 8) | (b[1] & 0xFF)) + ':'
                + Integer.toHexString(((b[2] & 0xFF) << 8) | (b[3] & 0xFF)) + ':'
                + Integer.toHexString(((b[4] & 0xFF) << 8) | (b[5] & 0xFF)) + "::/48";
    }
}
