package net.voxedge.edge.dtls;

import net.voxedge.edge.srtp.SrtpProfile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS server of one WebRTC session: BouncyCastle's blocking DTLS 1.2 handshake, run on a
 * thread of the given executor (a virtual thread in the daemon) and fed from the IO event loop
 * through a bounded queue that never blocks the loop.
 *
 * <p>Life: construct, {@link #offer} the session's DTLS datagrams as they arrive (also before
 * {@link #start}, the ClientHello can come first), {@link #start} once, {@link #close} when the
 * session ends. The thread keeps reading the association after the handshake so that
 * retransmitted final flights are answered and close_notify or a fatal alert is noticed;
 * application data (data channels are rejected at the SDP level) is discarded. Once the peer has
 * provably finished its handshake (it sent valid SRTP), {@link #release} ends all that: the
 * thread writes the close_notify the session will send at its end, hands it over and exits, and
 * the association (record layer, cipher state, handshake remnants) goes with it.
 *
 * <p>{@link #offer} is for the IO thread; {@link #start} and {@link #close} may be called from
 * any thread and never block.
 */
public final class DtlsServerEndpoint implements AutoCloseable {
    /** A safe UDP payload size for DTLS on any Internet path (as browsers use). */
    public static final int DEFAULT_MTU = 1200;
    /** Enough for a whole handshake flight and then some; more would only buffer a flood. */
    public static final int QUEUE_CAPACITY = 64;
    /**
     * Inbound datagrams are accepted up to an Ethernet MTU even when our own MTU is lower:
     * the peer picks the size of what it sends.
     */
    static final int MIN_RECEIVE_LIMIT = 1500;
    static final int MIN_MTU = 256;
    static final int MAX_MTU = 65_507;

    private static final Logger LOG = LoggerFactory.getLogger(DtlsServerEndpoint.class);
    private static final long NOT_SEEN = Long.MIN_VALUE;
    private static final int RECORD_HEADER_LENGTH = 13;
    private static final byte CONTENT_TYPE_HANDSHAKE = 22;
    private static final byte HANDSHAKE_TYPE_CLIENT_HELLO = 1;

    private final DtlsCertificate certificate;
    private final int[] srtpProfileIds;
    private final byte[] expectedRemoteFingerprint;
    private final DtlsOutboundSink sink;
    private final DtlsEndpointListener listener;
    private final Duration handshakeTimeout;
    private final Executor executor;
    private final int mtu;
    private final int receiveLimit;

    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean releaseRequested = new AtomicBoolean();
    /** Set by the handshake thread once the handshake is done: from then on an interrupt cannot fail it. */
    private volatile boolean established;
    /** Guards {@link #worker} so close() never interrupts a pool thread that has moved on. */
    private final Object workerLock = new Object();
    private Thread worker;
    private volatile boolean terminated;
    /** Written by the IO thread only; read by the handshake thread after the queue hand-off. */
    private volatile long firstClientHelloNanos = NOT_SEEN;

    /**
     * @param certificate               our identity for this session (the one its SDP answer named)
     * @param srtpProfileIds            IANA SRTP protection profile ids, most preferred first
     *                                  (e.g. 0x0007 then 0x0001); one id forces that profile
     * @param expectedRemoteFingerprint the client's sha-256 fingerprint from its SDP offer ("AB:CD:...",
     *                                  either case)
     * @param sink                      where our datagrams go (called on the handshake thread)
     * @param listener                  outcome callbacks (called on the handshake thread)
     * @param handshakeTimeout          bounds the whole handshake from {@link #start}
     * @param executor                  runs the endpoint's one long-lived task; a
     *                                  virtual-thread-per-task executor in the daemon
     * @param mtu                       largest UDP payload we send, e.g. {@link #DEFAULT_MTU}
     * @throws IllegalArgumentException on an empty, unknown or repeated profile id, a malformed
     *                                  fingerprint, a non-positive timeout or an MTU out of range
     */
    public DtlsServerEndpoint(DtlsCertificate certificate, int[] srtpProfileIds, String expectedRemoteFingerprint,
            DtlsOutboundSink sink, DtlsEndpointListener listener, Duration handshakeTimeout, Executor executor,
            int mtu) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.srtpProfileIds = validateProfiles(srtpProfileIds);
        this.expectedRemoteFingerprint = Sha256Fingerprint.parse(expectedRemoteFingerprint);
        if (this.expectedRemoteFingerprint == null) {
            throw new IllegalArgumentException("malformed sha-256 fingerprint: " + expectedRemoteFingerprint);
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, was " + handshakeTimeout);
        }
        this.handshakeTimeout = handshakeTimeout;
        this.executor = Objects.requireNonNull(executor, "executor");
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("mtu must be in [" + MIN_MTU + ", " + MAX_MTU + "], was " + mtu);
        }
        this.mtu = mtu;
        this.receiveLimit = Math.max(mtu, MIN_RECEIVE_LIMIT);
    }

    private static int[] validateProfiles(int[] ids) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("at least one SRTP protection profile is required");
        }
        int[] copy = ids.clone();
        for (int i = 0; i < copy.length; i++) {
            if (SrtpProfile.fromId(copy[i]).isEmpty()) {
                throw new IllegalArgumentException("unsupported SRTP protection profile 0x"
                        + Integer.toHexString(copy[i]));
            }
            for (int j = 0; j < i; j++) {
                if (copy[j] == copy[i]) {
                    throw new IllegalArgumentException("SRTP protection profile 0x"
                            + Integer.toHexString(copy[i]) + " listed twice");
                }
            }
        }
        return copy;
    }

    /**
     * Queues one DTLS datagram for the handshake thread (copying it). Never blocks, never throws.
     *
     * @return false if the datagram was dropped: the queue is full, the endpoint is closed, or
     *         the length is zero, out of the buffer's bounds or above the receive limit
     */
    public boolean offer(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len <= 0 || len > receiveLimit || off > buf.length - len
                || closeRequested.get() || terminated) {
            return false;
        }
        if (!inbound.offer(Arrays.copyOfRange(buf, off, off + len))) {
            return false;
        }
        if (firstClientHelloNanos == NOT_SEEN && isClientHello(buf, off, len)) {
            firstClientHelloNanos = System.nanoTime();
        }
        return true;
    }

    /** A plaintext handshake record whose first message is a ClientHello (RFC 6347 4.1, 4.2.2). */
    private static boolean isClientHello(byte[] buf, int off, int len) {
        return len > RECORD_HEADER_LENGTH
                && buf[off] == CONTENT_TYPE_HANDSHAKE
                && buf[off + RECORD_HEADER_LENGTH] == HANDSHAKE_TYPE_CLIENT_HELLO;
    }

    /**
     * Starts the handshake on the executor; the timeout runs from here. After {@link #close}
     * it does nothing.
     *
     * @throws IllegalStateException if already started
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("DTLS endpoint already started");
        }
        if (closeRequested.get()) {
            terminated = true;
            return;
        }
        long deadlineNanos = System.nanoTime() + handshakeTimeout.toNanos();
        executor.execute(() -> run(deadlineNanos));
    }

    /**
     * Ends the endpoint without waiting: the handshake thread sends close_notify (once, if the
     * handshake had completed), reports {@code onClosed} (or {@code onHandshakeFailed} if it
     * had not), and exits. Before {@link #start} it only frees the queue and reports nothing;
     * after a completed {@link #release} it does nothing (the close_notify was handed over).
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        synchronized (workerLock) {
            if (worker != null) {
                worker.interrupt();
            }
        }
        if (!started.get()) {
            terminated = true;
        }
        inbound.clear();
    }

    /**
     * Lets go of the established association without closing it: the handshake thread writes its
     * close_notify record (captured, not sent), reports it through
     * {@link DtlsEndpointListener#onReleased} and exits, leaving nothing of the association behind.
     * Nothing more is answered, so call it only once the peer's handshake is provably complete (in
     * WebRTC: the peer sent SRTP that authenticated under the exported keys, which it can do only
     * after it verified our Finished; DTLS-SRTP has no renegotiation). If {@link #close} wins a race
     * with it, the thread sends the close_notify itself and reports {@code onClosed} instead. Never
     * blocks; idempotent; a no-op after close.
     */
    public void release() {
        if (closeRequested.get() || !releaseRequested.compareAndSet(false, true)) {
            return;
        }
        if (established) {
            // Wakes the thread from its wait on the queue; before the handshake is done an
            // interrupt would fail it, and the thread checks the flag before it first waits anyway.
            synchronized (workerLock) {
                if (worker != null) {
                    worker.interrupt();
                }
            }
        }
        inbound.clear();
    }

    /** True once the handshake thread has finished (or the endpoint was closed before starting). */
    public boolean isTerminated() {
        return terminated;
    }

    /** The certificate this session presents; its fingerprint is the one in the session's SDP answer. */
    public DtlsCertificate certificate() {
        return certificate;
    }

    private void run(long deadlineNanos) {
        synchronized (workerLock) {
            worker = Thread.currentThread();
        }
        try {
            runAssociation(deadlineNanos);
        } finally {
            synchronized (workerLock) {
                worker = null;
            }
            // A close() racing our exit may have interrupted us; don't leak that to a pooled thread.
            Thread.interrupted();
            inbound.clear();
            terminated = true;
        }
    }

    private void runAssociation(long deadlineNanos) {
        long startedNanos = System.nanoTime();
        WebRtcDtlsServer server = new WebRtcDtlsServer(certificate, srtpProfileIds, expectedRemoteFingerprint);
        InboundQueueTransport transport = new InboundQueueTransport(inbound, sink,
                () -> closeRequested.get() || server.closeNotifyReceived() || (established && releaseRequested.get()),
                receiveLimit, mtu);
        transport.armDeadline(deadlineNanos);

        DTLSTransport association;
        byte[] keyingMaterial;
        try {
            if (closeRequested.get()) {
                throw new InterruptedIOException("endpoint closed");
            }
            // No HelloVerifyRequest cookie round trip: the ICE check (MESSAGE-INTEGRITY) has
            // already proven the client owns its address, and a round trip is what we are here to save.
            association = new DTLSServerProtocol().accept(server, transport);
            transport.disarmDeadline();
            keyingMaterial = server.srtpKeyingMaterial();
        } catch (IOException | RuntimeException e) {
            notifyFailed(failureReason(server, transport, e));
            return;
        }
        long firstHello = firstClientHelloNanos;
        long handshakeNanos = System.nanoTime() - (firstHello == NOT_SEEN ? startedNanos : firstHello);
        established = true;
        notifyComplete(server.selectedProfile().id(), keyingMaterial, handshakeNanos);
        String ended = readUntilClosed(server, association);
        if (ended != null) {
            notifyClosed(ended);
            return;
        }
        // Released: have the association write its close_notify now, into our hands. It is the last
        // record it would ever send, so its sequence number stays valid however late it goes out.
        transport.captureSends();
        closeLocally(association, "released");
        byte[] closeNotify = transport.captured();
        if (closeRequested.get()) {
            // close() raced the release: whoever asked for the release may no longer be listening.
            try {
                if (closeNotify.length > 0) {
                    sink.send(closeNotify, 0, closeNotify.length);
                }
            } catch (RuntimeException e) {
                // The session is over regardless.
            }
            notifyClosed("closed locally");
            return;
        }
        notifyReleased(closeNotify);
    }

    private String failureReason(WebRtcDtlsServer server, InboundQueueTransport transport, Exception e) {
        if (closeRequested.get()) {
            return "closed before handshake completed";
        }
        if (server.rejectionReason() != null) {
            return server.rejectionReason();
        }
        if (server.closeNotifyReceived()) {
            return "close_notify received during handshake";
        }
        if (transport.deadlineExpired() || e instanceof TlsTimeoutException) {
            return "timeout after " + describe(handshakeTimeout);
        }
        if (e instanceof InterruptedIOException) {
            // Not our close(): e.g. the daemon's executor shutting down.
            return "interrupted";
        }
        if (server.remoteAlert() != null) {
            return server.remoteAlert();
        }
        if (server.localAlert() != null) {
            return server.localAlert();
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    /**
     * Reads the established association until it ends; returns why it ended, or null when it was
     * released (the association is then still open). Reading is what lets BouncyCastle resend our
     * last flight when the client's Finished is retransmitted.
     */
    private String readUntilClosed(WebRtcDtlsServer server, DTLSTransport association) {
        byte[] discard;
        try {
            discard = new byte[Math.max(1, association.getReceiveLimit())];
        } catch (IOException e) {
            return closeLocally(association, "receive limit unavailable: " + e.getMessage());
        }
        while (true) {
            if (closeRequested.get()) {
                return closeLocally(association, "closed locally");
            }
            if (server.closeNotifyReceived()) {
                // RFC 5246 7.2.1: answer with our own close_notify (BC sends it at most once).
                return closeLocally(association, "close_notify received");
            }
            if (releaseRequested.get()) {
                return null;
            }
            try {
                // 0 = no limit: close() interrupts the wait, a close_notify ends it.
                association.receive(discard, 0, discard.length, 0);
            } catch (InterruptedIOException e) {
                if (!closeRequested.get() && !server.closeNotifyReceived() && !releaseRequested.get()) {
                    // Not our close(): e.g. the daemon's executor shutting down. Leave cleanly.
                    return closeLocally(association, "interrupted");
                }
            } catch (TlsFatalAlertReceived e) {
                return "remote alert " + AlertDescription.getText(e.getAlertDescription());
            } catch (IOException | RuntimeException e) {
                return server.localAlert() != null ? server.localAlert()
                        : "association failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    private static String closeLocally(DTLSTransport association, String reason) {
        try {
            association.close();
        } catch (IOException | RuntimeException e) {
            // The sink failed while sending close_notify: the association is over regardless.
        }
        return reason;
    }

    private void notifyComplete(int profileId, byte[] keyingMaterial, long handshakeNanos) {
        try {
            listener.onHandshakeComplete(profileId, keyingMaterial, handshakeNanos);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener threw from onHandshakeComplete", e);
        }
    }

    private void notifyReleased(byte[] closeNotify) {
        try {
            listener.onReleased(closeNotify);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener threw from onReleased", e);
        }
    }

    private void notifyFailed(String reason) {
        try {
            listener.onHandshakeFailed(reason);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener threw from onHandshakeFailed", e);
        }
    }

    private void notifyClosed(String reason) {
        try {
            listener.onClosed(reason);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener threw from onClosed", e);
        }
    }
}
