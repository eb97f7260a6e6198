package net.voxedge.edge.session;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.dtls.DtlsEndpointListener;

/**
 * Holds back the publication of a handshake's SRTP keys until the test opens the gate: the state
 * a loaded host is in between BouncyCastle sending our Finished and the edge's listener running.
 * The handshake thread waits inside {@code onHandshakeComplete}, so the client already has our
 * Finished (BouncyCastle sends it before reporting completion) and may send SRTP.
 */
final class KeyGate {
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch reached = new CountDownLatch(1);

    /** Wraps {@code l} so that its key publication waits for {@link #open()}. */
    DtlsEndpointListener wrap(DtlsEndpointListener l) {
        return new DtlsEndpointListener() {
            @Override
            public void onHandshakeComplete(int srtpProfileId, byte[] keyingMaterial, long handshakeNanos) {
                reached.countDown();
                try {
                    if (!open.await(30, TimeUnit.SECONDS)) {
                        throw new AssertionError("the test never opened the key gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                l.onHandshakeComplete(srtpProfileId, keyingMaterial, handshakeNanos);
            }

            @Override
            public void onHandshakeFailed(String reason) {
                l.onHandshakeFailed(reason);
            }

            @Override
            public void onClosed(String reason) {
                l.onClosed(reason);
            }

            @Override
            public void onReleased(byte[] closeNotify) {
                l.onReleased(closeNotify);
            }
        };
    }

    /**
     * Waits (bounded) until a handshake has completed and is waiting at the gate. Our Finished may
     * reach the client a moment before BouncyCastle reports completion; either way the keys are
     * not published before {@link #open()}.
     */
    boolean awaitReached() throws InterruptedException {
        return reached.await(30, TimeUnit.SECONDS);
    }

    void open() {
        open.countDown();
    }
}
