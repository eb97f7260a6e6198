package net.voxedge.backbone.gateway;

import io.vertx.core.Vertx;
import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterConfig;
import net.voxedge.backbone.adapter.RealtimeAdapterMetrics;
import net.voxedge.backbone.adapter.RealtimeWebSocketAdapter;

/** The default {@link AdapterFactory}: a {@link RealtimeWebSocketAdapter} per session to one model URL. */
public final class RealtimeAdapterFactory implements AdapterFactory {
    private final Vertx vertx;
    private final RealtimeAdapterConfig config;
    private final RealtimeAdapterMetrics metrics;

    /** Sessions connect to {@code config.url()} on {@code vertx}; adapter meters go to {@code metrics}. */
    public RealtimeAdapterFactory(Vertx vertx, RealtimeAdapterConfig config, RealtimeAdapterMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public ModelAdapter open(ModelSessionConfig sessionConfig, ModelAdapterListener listener) {
        return RealtimeWebSocketAdapter.open(vertx, config, sessionConfig, listener, metrics);
    }

    /** The model server's URL. */
    public String url() {
        return config.url();
    }
}
