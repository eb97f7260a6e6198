package net.voxedge.backbone.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/** The gateway's meters, shared by all its sessions (names in PROTOCOL.md section 10). */
public final class GatewayMetrics {
    final Counter userFrames;
    final Counter duplicateFrames;
    final Counter cancels;
    final Counter cancelsIgnored;
    final Counter adapterErrors;
    final Counter opensRefused;
    private final Map<AgentFrameResult, Counter> agentFrames = new EnumMap<>(AgentFrameResult.class);

    /** Registers the counters; {@code activeSessions} backs the sessions gauge. */
    public GatewayMetrics(MeterRegistry registry, IntSupplier activeSessions) {
        Gauge.builder("voxedge_gateway_sessions_active", activeSessions, s -> s.getAsInt())
                .description("Sessions the gateway carries").strongReference(true).register(registry);
        userFrames = Counter.builder("voxedge_gateway_user_frames_total")
                .description("User audio frames handed to model adapters").register(registry);
        duplicateFrames = Counter.builder("voxedge_gateway_duplicate_frames_total")
                .description("User audio frames dropped as already delivered (replays after failover/restart)").register(registry);
        cancels = Counter.builder("voxedge_gateway_cancels_total")
                .description("Barge-in cancels passed to the model").register(registry);
        cancelsIgnored = Counter.builder("voxedge_gateway_cancels_ignored_total")
                .description("CANCEL messages ignored: malformed, unknown or repeated response tag").register(registry);
        adapterErrors = Counter.builder("voxedge_gateway_adapter_errors_total")
                .description("Model adapter errors and unexpected closes").register(registry);
        opensRefused = Counter.builder("voxedge_gateway_opens_refused_total")
                .description("OPEN messages answered with CLOSE (bad configuration, model unavailable)").register(registry);
        for (AgentFrameResult r : AgentFrameResult.values()) {
            agentFrames.put(r, Counter.builder("voxedge_gateway_agent_frames_total").tag("result", r.tag())
                    .description("Agent audio frames by what became of them").register(registry));
        }
    }

    void agentFrames(AgentFrameResult result, int n) {
        if (n > 0) {
            agentFrames.get(result).increment(n);
        }
    }
}
