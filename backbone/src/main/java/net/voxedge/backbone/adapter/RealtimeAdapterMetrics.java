package net.voxedge.backbone.adapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import net.voxedge.backbone.codec.OpusPacketError;

/**
 * The Realtime adapter's counters, shared by all its sessions (one set per registry, no per-session
 * meters). Names follow {@code voxedge_adapter_<what>_total}.
 */
public final class RealtimeAdapterMetrics {
    final Counter eventsReceived;
    final Counter eventsUnknown;
    final Map<RealtimeParseOutcome, Counter> eventsRejected = new EnumMap<>(RealtimeParseOutcome.class);
    final Counter userFrames;
    final Counter userFramesStale;
    final Counter userFramesConcealed;
    final Map<OpusPacketError, Counter> userFramesRejected = new EnumMap<>(OpusPacketError.class);
    final Counter agentFrames;
    final Counter deltasAfterCancel;
    final Counter modelErrors;
    final Counter messagesDropped;
    final Counter cancels;

    /** Registers the counters in {@code registry}. */
    public RealtimeAdapterMetrics(MeterRegistry registry) {
        eventsReceived = registry.counter("voxedge_adapter_events_received_total");
        eventsUnknown = registry.counter("voxedge_adapter_events_unknown_total");
        for (RealtimeParseOutcome o : RealtimeParseOutcome.values()) {
            if (o != RealtimeParseOutcome.OK && o != RealtimeParseOutcome.UNKNOWN_TYPE) {
                eventsRejected.put(o, registry.counter("voxedge_adapter_events_rejected_total", "reason", o.metricTag()));
            }
        }
        userFrames = registry.counter("voxedge_adapter_user_frames_total");
        userFramesStale = registry.counter("voxedge_adapter_user_frames_dropped_total", "reason", "stale_seq");
        for (OpusPacketError e : OpusPacketError.values()) {
            userFramesRejected.put(e, registry.counter("voxedge_adapter_user_frames_dropped_total", "reason", e.metricTag()));
        }
        userFramesConcealed = registry.counter("voxedge_adapter_user_frames_concealed_total");
        agentFrames = registry.counter("voxedge_adapter_agent_frames_total");
        deltasAfterCancel = registry.counter("voxedge_adapter_deltas_after_cancel_total");
        modelErrors = registry.counter("voxedge_adapter_model_errors_total");
        messagesDropped = registry.counter("voxedge_adapter_messages_dropped_total");
        cancels = registry.counter("voxedge_adapter_cancels_total");
    }
}
