package net.voxedge.edge.backbone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;
import net.voxedge.backbone.gateway.AdapterFactory;

/**
 * A model behind a real {@code ClusterGateway} that counts what it receives: every user frame with
 * the sequence and timestamp the gateway gives it, in arrival order, duplicates and all. Its
 * {@link #listener} lets a test speak as the model (agent audio back to the edge).
 */
final class CountingAdapter implements ModelAdapter {
    /** One user frame as the model got it. */
    record UserFrame(long seq, long mediaTs, byte[] opus) {
    }

    /** Opens a counting adapter per session and keeps them all, in order. */
    static final class Factory implements AdapterFactory {
        final List<CountingAdapter> opened = new CopyOnWriteArrayList<>();

        @Override
        public ModelAdapter open(ModelSessionConfig config, ModelAdapterListener listener) {
            CountingAdapter a = new CountingAdapter(config, listener);
            opened.add(a);
            return a;
        }
    }

    final ModelSessionConfig config;
    final ModelAdapterListener listener;
    final List<UserFrame> frames = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    private CountingAdapter(ModelSessionConfig config, ModelAdapterListener listener) {
        this.config = config;
        this.listener = listener;
    }

    @Override
    public void sendUserAudio(byte[] opus, int off, int len, long seq, long mediaTs48k) {
        frames.add(new UserFrame(seq, mediaTs48k, Arrays.copyOfRange(opus, off, off + len)));
    }

    @Override
    public void cancel(String itemId, long playedMs) {
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The seqs received so far, in arrival order. */
    List<Long> seqs() {
        List<Long> out = new ArrayList<>(frames.size());
        for (UserFrame f : frames) {
            out.add(f.seq());
        }
        return out;
    }
}
