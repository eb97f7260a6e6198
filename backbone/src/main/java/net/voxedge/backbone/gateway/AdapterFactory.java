package net.voxedge.backbone.gateway;

import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;

/** Opens one session's connection to a model server; {@link RealtimeAdapterFactory} is the default. */
@FunctionalInterface
public interface AdapterFactory {
    /**
     * Opens (asynchronously) a model connection; trouble reaches {@code listener.onClosed}. The
     * listener may be called on any thread: the gateway moves every call onto its event loop.
     */
    ModelAdapter open(ModelSessionConfig config, ModelAdapterListener listener);
}
