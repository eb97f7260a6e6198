package net.voxedge.edge.dtls;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.bouncycastle.tls.DatagramTransport;

/**
 * An in-memory UDP path between a test client and a {@link DtlsServerEndpoint}, with optional
 * loss in either direction. Client to server goes through {@link DtlsServerEndpoint#offer}, as
 * the IO layer would; server to client lands in a queue the client's transport polls.
 */
final class DtlsTestPipe {
    static final int MTU = DtlsServerEndpoint.DEFAULT_MTU;

    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    /** Every datagram the server emitted, dropped or not, in order. */
    final List<byte[]> serverSent = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger refusedOffers = new AtomicInteger();
    final AtomicInteger deliveredToServer = new AtomicInteger();
    private volatile DtlsServerEndpoint server;
    volatile Predicate<byte[]> dropToClient = d -> false;
    volatile Predicate<byte[]> dropToServer = d -> false;

    void connect(DtlsServerEndpoint endpoint) {
        this.server = endpoint;
    }

    DtlsOutboundSink serverSink() {
        return (b, off, len) -> {
            byte[] copy = Arrays.copyOfRange(b, off, off + len);
            serverSent.add(copy);
            if (!dropToClient.test(copy)) {
                toClient.add(copy);
            }
        };
    }

    /** Matches only the first datagram {@code match} accepts: one lost packet. */
    static Predicate<byte[]> first(Predicate<byte[]> match) {
        AtomicBoolean done = new AtomicBoolean();
        return d -> match.test(d) && done.compareAndSet(false, true);
    }

    static boolean isClientHello(byte[] d) {
        return d.length > 13 && d[0] == 22 && d[13] == 1;
    }

    static boolean isServerHello(byte[] d) {
        return d.length > 13 && d[0] == 22 && d[13] == 2;
    }

    /** The flight that ends a handshake starts with a ChangeCipherSpec record. */
    static boolean startsWithChangeCipherSpec(byte[] d) {
        return d.length > 0 && d[0] == 20;
    }

    static boolean isAlert(byte[] d) {
        return d.length > 0 && d[0] == 21;
    }

    long serverAlertsSent() {
        synchronized (serverSent) {
            return serverSent.stream().filter(DtlsTestPipe::isAlert).count();
        }
    }

    /** Delivers {@code datagram} to the client as if the server had sent it (e.g. a close_notify kept for later). */
    void toClient(byte[] datagram) {
        toClient.add(datagram.clone());
    }

    DatagramTransport clientTransport() {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return MTU;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws InterruptedIOException {
                try {
                    byte[] d = toClient.poll(waitMillis > 0 ? waitMillis : 60_000, TimeUnit.MILLISECONDS);
                    if (d == null || d.length > len) {
                        return -1;
                    }
                    System.arraycopy(d, 0, buf, off, d.length);
                    return d.length;
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                DtlsServerEndpoint s = server;
                if (s == null || dropToServer.test(copy)) {
                    return;
                }
                if (s.offer(copy, 0, copy.length)) {
                    deliveredToServer.incrementAndGet();
                } else {
                    refusedOffers.incrementAndGet();
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
