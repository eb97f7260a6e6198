package net.voxedge.edge.interop;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.PacketClassLabel;

/**
 * Our edge daemon as a {@link NamespacedServer}: started in-process in the namespace's child JVM, signaling and media
 * on 127.0.0.1 (ephemeral ports). Config: {@code authKey} (the HS256 key, so the parent can mint the client's bearer
 * token without reaching into the child) and optional {@code settings} ({@code key: value} as in edge-daemon/README.md).
 *
 * <p>{@link #report()} waits (bounded) until the daemon has freed the call, then returns what the daemon saw: peaks
 * while the call ran, what is left, and its counters.
 */
public final class EdgeDaemonNamespacedServer implements NamespacedServer {
    private static final Duration FREE_LIMIT = Duration.ofSeconds(10);
    private TestEdgeDaemon edge;
    private DaemonWatch watch;

    @Override
    public URI start(JsonObject config) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        config.getJsonObject("settings", new JsonObject()).forEach(e -> settings.put(e.getKey(), String.valueOf(e.getValue())));
        settings.put("auth.key", config.getString("authKey"));
        edge = TestEdgeDaemon.start(settings);
        watch = edge.watch();
        return URI.create(edge.daemon().baseUrl() + "/");
    }

    @Override
    public JsonObject report() throws Exception {
        DaemonState left = edge.awaitFreed(FREE_LIMIT);
        watch.close();
        DaemonState peak = watch.peak();
        return new JsonObject()
                .put("peak", state(peak))
                .put("left", state(left))
                .put("sessionsStarted", edge.sessionsStarted())
                .put("closedDeleted", edge.sessionsClosed(CloseReason.DELETED))
                .put("srtpAuthFailed", edge.metrics().dropCount(DropReason.SRTP_AUTH_FAILED))
                .put("rtpIn", edge.metrics().packetsIn(PacketClassLabel.RTP))
                .put("rtpOut", edge.metrics().packetsOut(PacketClassLabel.RTP))
                .put("rtcpOut", edge.metrics().packetsOut(PacketClassLabel.RTCP));
    }

    private static JsonObject state(DaemonState s) {
        return new JsonObject().put("sessionsActive", s.sessionsActive()).put("registered", s.registered())
                .put("boundAddresses", s.boundAddresses());
    }

    @Override
    public void close() throws InterruptedException {
        if (watch != null) {
            watch.close();
        }
        if (edge != null) {
            edge.close();
        }
    }
}
