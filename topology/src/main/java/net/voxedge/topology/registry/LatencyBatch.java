package net.voxedge.topology.registry;

import java.util.List;

/**
 * One member's latest latency measurements. Each publish replaces the member's previous batch:
 * the member decides the window it summarises (e.g. the last minute).
 *
 * @param clients  client-prefix RTTs, at most {@value #MAX_CLIENTS}
 * @param backbone PoP → cluster RTTs, at most {@value #MAX_BACKBONE}
 */
public record LatencyBatch(List<ClientRtt> clients, List<BackboneRtt> backbone) {

    /** Keeps one batch well under Consul's 512 KB value limit (about 120 bytes of JSON per entry). */
    public static final int MAX_CLIENTS = 2000;
    public static final int MAX_BACKBONE = 256;

    public LatencyBatch {
        clients = clients == null ? List.of() : List.copyOf(clients);
        backbone = backbone == null ? List.of() : List.copyOf(backbone);
        if (clients.size() > MAX_CLIENTS) {
            throw new IllegalArgumentException("latency batch: at most " + MAX_CLIENTS + " client prefixes (got " + clients.size() + "): publish the busiest ones");
        }
        if (backbone.size() > MAX_BACKBONE) {
            throw new IllegalArgumentException("latency batch: at most " + MAX_BACKBONE + " backbone paths (got " + backbone.size() + ")");
        }
    }

    /** A batch with nothing in it. */
    public static LatencyBatch empty() {
        return new LatencyBatch(List.of(), List.of());
    }
}
