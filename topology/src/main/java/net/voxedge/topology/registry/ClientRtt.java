package net.voxedge.topology.registry;

import java.time.Instant;

/**
 * Round trips measured between clients in one network prefix and one PoP.
 *
 * @param prefix    the clients' prefix as text, e.g. {@code 203.0.113.0/24} or {@code 2001:db8:1::/48}
 * @param pop       the PoP name the clients talked to
 * @param rttMicros the representative RTT (the member's choice of statistic, e.g. median), ≥ 0
 * @param samples   how many measurements it summarises, ≥ 1
 * @param at        when the newest of them was taken
 */
public record ClientRtt(String prefix, String pop, long rttMicros, int samples, Instant at) {

    public ClientRtt {
        if (!Cidr.isValid(prefix)) {
            throw new IllegalArgumentException("client rtt: prefix must be an IP literal with a prefix length, like 203.0.113.0/24 (got " + RegistryNames.quote(prefix) + ")");
        }
        RegistryNames.name("client rtt " + prefix + ": pop", pop);
        if (rttMicros < 0) {
            throw new IllegalArgumentException("client rtt " + prefix + ": rttMicros must be >= 0 (got " + rttMicros + ")");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("client rtt " + prefix + ": samples must be >= 1 (got " + samples + ")");
        }
        if (at == null) {
            throw new IllegalArgumentException("client rtt " + prefix + ": at is missing");
        }
    }
}
