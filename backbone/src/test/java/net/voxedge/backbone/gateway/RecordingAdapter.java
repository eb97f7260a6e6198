package net.voxedge.backbone.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;

/** A model adapter that records what the gateway asks of it; its listener lets a test play the model. */
final class RecordingAdapter implements ModelAdapter {
    /** One user frame as the adapter got it. */
    record UserFrame(long seq, long mediaTs, byte[] opus) {}

    final ModelSessionConfig config;
    final ModelAdapterListener listener;
    final List<UserFrame> userFrames = new CopyOnWriteArrayList<>();
    final List<String> cancels = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCalls;

    RecordingAdapter(ModelSessionConfig config, ModelAdapterListener listener) {
        this.config = config;
        this.listener = listener;
    }

    @Override
    public void sendUserAudio(byte[] opus, int off, int len, long seq, long mediaTs48k) {
        userFrames.add(new UserFrame(seq, mediaTs48k, java.util.Arrays.copyOfRange(opus, off, off + len)));
    }

    @Override
    public void cancel(String itemId, long playedMs) {
        cancels.add(itemId + "@" + playedMs);
    }

    @Override
    public void close() {
        closeCalls++;
        closed.countDown();
    }
}
