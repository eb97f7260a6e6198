package net.voxedge.topology.registry;

import java.time.Instant;

/**
 * The backbone path from a PoP to an inference cluster, as measured.
 *
 * @param pop          the PoP name
 * @param cluster      the cluster id
 * @param rttMicros    round trip, ≥ 0
 * @param jitterMicros RTT variation (the member's choice of statistic), ≥ 0
 * @param loss         share of probes lost, 0..1
 * @param at           when measured
 */
public record BackboneRtt(String pop, String cluster, long rttMicros, long jitterMicros, double loss, Instant at) {

    public BackboneRtt {
        RegistryNames.name("backbone rtt: pop", pop);
        RegistryNames.name("backbone rtt " + pop + ": cluster", cluster);
        if (rttMicros < 0 || jitterMicros < 0) {
            throw new IllegalArgumentException("backbone rtt " + pop + "->" + cluster + ": rttMicros and jitterMicros must be >= 0 (got " + rttMicros + ", " + jitterMicros + ")");
        }
        if (!(loss >= 0.0 && loss <= 1.0)) {
            throw new IllegalArgumentException("backbone rtt " + pop + "->" + cluster + ": loss must be between 0 and 1 (got " + loss + ")");
        }
        if (at == null) {
            throw new IllegalArgumentException("backbone rtt " + pop + "->" + cluster + ": at is missing");
        }
    }
}
