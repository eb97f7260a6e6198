package net.voxedge.edge.dtls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Records an endpoint's callbacks, in order, and lets a test wait for them. */
final class RecordingListener implements DtlsEndpointListener {
    record Completed(int profileId, byte[] keyingMaterial, long handshakeNanos) {
    }

    final CompletableFuture<Completed> completed = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final CompletableFuture<byte[]> released = new CompletableFuture<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> callbackThreads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onHandshakeComplete(int srtpProfileId, byte[] keyingMaterial, long handshakeNanos) {
        calls.add("complete");
        callbackThreads.add(Thread.currentThread());
        completed.complete(new Completed(srtpProfileId, keyingMaterial, handshakeNanos));
    }

    @Override
    public void onHandshakeFailed(String reason) {
        calls.add("failed");
        callbackThreads.add(Thread.currentThread());
        failed.complete(reason);
    }

    @Override
    public void onClosed(String reason) {
        calls.add("closed");
        callbackThreads.add(Thread.currentThread());
        closed.complete(reason);
    }

    @Override
    public void onReleased(byte[] closeNotify) {
        calls.add("released");
        callbackThreads.add(Thread.currentThread());
        released.complete(closeNotify);
    }

    byte[] awaitReleased() throws Exception {
        return released.get(30, TimeUnit.SECONDS);
    }

    Completed awaitCompleted() throws Exception {
        return CompletableFuture.anyOf(completed, failed.thenApply(r -> {
            throw new AssertionError("handshake failed: " + r);
        })).thenApply(Completed.class::cast).get(30, TimeUnit.SECONDS);
    }

    String awaitFailure() throws Exception {
        return CompletableFuture.anyOf(failed, completed.thenApply(c -> {
            throw new AssertionError("handshake unexpectedly completed");
        })).thenApply(String.class::cast).get(30, TimeUnit.SECONDS);
    }

    String awaitClosed() throws Exception {
        return closed.get(30, TimeUnit.SECONDS);
    }
}
