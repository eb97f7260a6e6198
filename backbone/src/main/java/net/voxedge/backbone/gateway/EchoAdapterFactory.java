package net.voxedge.backbone.gateway;

import net.voxedge.backbone.adapter.EchoModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;

/**
 * {@link EchoModelAdapter} per session: what the gateway uses when {@code model-url = "echo:"},
 * so latency through edge, backbone and gateway can be measured without a model server.
 */
public final class EchoAdapterFactory implements AdapterFactory {
    /** The {@code model-url} that selects this factory. */
    public static final String URL = "echo:";

    @Override
    public ModelAdapter open(ModelSessionConfig config, ModelAdapterListener listener) {
        return new EchoModelAdapter(listener, System::nanoTime, EchoModelAdapter.DEFAULT_MAX_BACKLOG_NANOS);
    }
}
