package net.voxedge.backbone.adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records what an adapter reports, thread-safely, for the adapter tests. */
class RecordingListener implements ModelAdapterListener {
    /** One agent frame as delivered. */
    record Frame(String responseId, String itemId, long itemOffsetMs, long mediaTs48k, byte[] opus) {}

    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch responseDone = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile ResponseStatus lastStatus;
    volatile String closeReason;

    @Override
    public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k, byte[] opus, int off, int len) {
        frames.add(new Frame(responseId, itemId, itemOffsetMs, mediaTs48k, java.util.Arrays.copyOfRange(opus, off, off + len)));
        log.add("audio " + responseId);
    }

    @Override
    public void onSpeechStarted(String itemId, long audioStartMs) {
        log.add("speech_started " + audioStartMs);
    }

    @Override
    public void onSpeechStopped(String itemId, long audioEndMs) {
        log.add("speech_stopped " + audioEndMs);
    }

    @Override
    public void onResponseStarted(String responseId) {
        log.add("response_started " + responseId);
    }

    @Override
    public void onResponseDone(String responseId, ResponseStatus status) {
        log.add("response_done " + responseId + " " + status);
        lastStatus = status;
        responseDone.countDown();
    }

    @Override
    public void onError(String code, String message) {
        errors.add(code + ": " + message);
    }

    @Override
    public void onClosed(String reason) {
        closeReason = reason;
        closed.countDown();
    }

    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no " + what + " within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
