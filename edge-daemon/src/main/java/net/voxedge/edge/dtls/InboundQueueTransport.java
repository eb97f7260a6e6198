package net.voxedge.edge.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.bouncycastle.tls.DatagramTransport;

/**
 * The {@link DatagramTransport} BouncyCastle's blocking DTLS runs over: receive polls the queue
 * the IO thread fills, send hands datagrams to the outbound sink. It also enforces the handshake
 * deadline, because it is the one place every wait of the handshake passes through (including
 * the wait for the first ClientHello, which BouncyCastle's own handshake timer does not cover).
 *
 * <p>Used by the handshake thread only, apart from the queue itself.
 */
final class InboundQueueTransport implements DatagramTransport {
    /** Thrown from receive when the handshake deadline has passed; ends the handshake. */
    static final class HandshakeDeadlineException extends IOException {
        HandshakeDeadlineException() {
            super("handshake deadline passed");
        }
    }

    /** Stands for "no limit": a returned -1 only makes BouncyCastle call again. */
    private static final long UNLIMITED_WAIT_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final BlockingQueue<byte[]> inbound;
    private final DtlsOutboundSink sink;
    private final BooleanSupplier stopReceiving;
    private final int receiveLimit;
    private final int sendLimit;

    /** Non-null while sends are captured instead of sent (see {@link #captureSends}). */
    private java.io.ByteArrayOutputStream captured;

    private boolean deadlineActive;
    private long deadlineNanos;
    private boolean deadlineExpired;

    InboundQueueTransport(BlockingQueue<byte[]> inbound, DtlsOutboundSink sink, BooleanSupplier stopReceiving,
            int receiveLimit, int sendLimit) {
        this.inbound = inbound;
        this.sink = sink;
        this.stopReceiving = stopReceiving;
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
    }

    void armDeadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.deadlineActive = true;
    }

    /** After the handshake the association lives as long as the session: no deadline. */
    void disarmDeadline() {
        deadlineActive = false;
    }

    boolean deadlineExpired() {
        return deadlineExpired;
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /**
     * @param waitMillis as BouncyCastle means it: 0 waits without limit (a close interrupts it)
     * @return the datagram's length, or -1 if none arrived in time (BouncyCastle's "try again")
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (stopReceiving.getAsBoolean()) {
            // BC keeps waiting after a close_notify until waitMillis runs out; this ends the wait.
            throw new InterruptedIOException("endpoint closing");
        }
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis > 0 ? waitMillis : UNLIMITED_WAIT_MILLIS);
        if (deadlineActive) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                deadlineExpired = true;
                throw new HandshakeDeadlineException();
            }
            waitNanos = Math.min(waitNanos, remaining);
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Usually close(); the endpoint's flags tell that apart from a foreign interrupt.
            throw new InterruptedIOException("interrupted");
        }
        if (datagram == null || datagram.length > len) {
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    /**
     * From now on, datagrams BouncyCastle sends are kept instead of sent: how the endpoint has the
     * association write its close_notify in advance, to be sent when the session ends.
     */
    void captureSends() {
        captured = new java.io.ByteArrayOutputStream(64);
    }

    /** What was sent since {@link #captureSends}, back to back (one record in practice). */
    byte[] captured() {
        return captured == null ? new byte[0] : captured.toByteArray();
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (captured != null) {
            captured.write(buf, off, len);
            return;
        }
        try {
            sink.send(buf, off, len);
        } catch (RuntimeException e) {
            throw new IOException("outbound sink failed: " + e, e);
        }
    }

    /** Nothing to release: the queue belongs to the endpoint, the socket to the IO layer. */
    @Override
    public void close() {
    }
}
