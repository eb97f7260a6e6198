package net.voxedge.backbone.tunnel.io;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.backbone.tunnel.DropReason;
import net.voxedge.backbone.tunnel.LinkState;
import net.voxedge.backbone.tunnel.TunnelLink;

/**
 * Micrometer meters of one tunnel link, tagged {@code link=<name>}. They read the link's plain
 * counters from the scrape thread: a value may be a moment stale, which metrics tolerate, and the
 * link never pays for synchronisation. Prometheus names: voxedge_tunnel_rtt_seconds,
 * voxedge_tunnel_jitter_seconds, voxedge_tunnel_loss_ratio, voxedge_tunnel_link_up,
 * voxedge_tunnel_inflight_bytes, voxedge_tunnel_retransmits_total, voxedge_tunnel_frames_lost_total,
 * voxedge_tunnel_backpressure_total, voxedge_tunnel_drops_total{reason}, voxedge_tunnel_datagrams_*_total.
 */
final class TunnelMetrics {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    TunnelMetrics(MeterRegistry registry, String name, TunnelLink link) {
        this.registry = registry;
        Tags tags = Tags.of("link", name);
        meters.add(Gauge.builder("voxedge.tunnel.rtt", link, l -> seconds(l.quality().rttNanos()))
                .baseUnit("seconds").description("Smoothed probe round-trip time to the peer (NaN before the first reply)")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("voxedge.tunnel.jitter", link, l -> l.quality().jitterNanos() / 1e9)
                .baseUnit("seconds").description("RFC 3550 jitter of successive probe RTTs").tags(tags).register(registry));
        meters.add(Gauge.builder("voxedge.tunnel.loss.ratio", link, l -> l.quality().lossRatio())
                .description("Lost probes over the last 64 resolved ones").tags(tags).register(registry));
        meters.add(Gauge.builder("voxedge.tunnel.link.up", link, l -> l.state() == LinkState.UP ? 1 : 0)
                .description("1 while probe replies arrive, 0 when the link is down").tags(tags).register(registry));
        meters.add(Gauge.builder("voxedge.tunnel.inflight", link, TunnelLink::inflightBytes)
                .baseUnit("bytes").description("Reliable bytes sent and not yet acknowledged").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("voxedge.tunnel.retransmits", link, TunnelLink::retransmits)
                .description("Reliable frames sent again").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("voxedge.tunnel.frames.lost", link, TunnelLink::framesLost)
                .description("Reliable frames given up after the retransmission limit").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("voxedge.tunnel.backpressure", link, TunnelLink::backpressureEvents)
                .description("Sends refused because the retransmission budget was full").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("voxedge.tunnel.datagrams.sent", link, TunnelLink::datagramsSent)
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder("voxedge.tunnel.datagrams.received", link, TunnelLink::datagramsReceived)
                .description("Authentic datagrams received").tags(tags).register(registry));
        for (DropReason reason : DropReason.values()) {
            meters.add(FunctionCounter.builder("voxedge.tunnel.drops", link, l -> l.drops(reason))
                    .description("Incoming tunnel datagrams or frames dropped, by reason")
                    .tags(tags.and("reason", reason.name().toLowerCase(java.util.Locale.ROOT))).register(registry));
        }
    }

    private static double seconds(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e9;
    }

    /** Removes this link's meters (the peer was removed). */
    void remove() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}
