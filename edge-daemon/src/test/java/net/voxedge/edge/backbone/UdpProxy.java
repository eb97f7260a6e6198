package net.voxedge.edge.backbone;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between the edge and a gateway that can black-hole both directions (a path outage),
 * delay every datagram by a fixed one-way time (a long backbone path: 40 ms each way is an 80 ms
 * RTT), and inject datagrams toward the edge from the gateway's side (garbage on the cluster's
 * address). The edge talks to {@link #edgeFacing()}; the gateway sees the relay's other socket.
 */
public final class UdpProxy implements AutoCloseable {
    private final DatagramSocket towardEdge;
    private final DatagramSocket towardGateway;
    private final long delayNanos;
    private final ScheduledExecutorService delayed;
    private final AtomicLong relayedUp = new AtomicLong();
    private final AtomicLong relayedDown = new AtomicLong();
    private volatile InetSocketAddress gateway;
    private volatile SocketAddress edge;
    private volatile boolean blackHole;
    private final Thread up;
    private final Thread down;

    /** A relay to {@code gateway} without delay. */
    public UdpProxy(InetSocketAddress gateway) throws SocketException {
        this(gateway, Duration.ZERO);
    }

    /**
     * A relay that holds every datagram for {@code oneWayDelay} in each direction, keeping their order.
     * {@code gateway} may be null when the gateway needs the relay's address before it can bind: set it
     * with {@link #gateway(InetSocketAddress)}; until then datagrams from the edge are dropped.
     */
    public UdpProxy(InetSocketAddress gateway, Duration oneWayDelay) throws SocketException {
        this.gateway = gateway;
        this.delayNanos = oneWayDelay.toNanos();
        // One thread: equal delays keep the send order, and both directions share the clock.
        this.delayed = delayNanos > 0 ? new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon()
                .name("proxy-delay").unstarted(r)) : null;
        this.towardEdge = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.towardGateway = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.up = Thread.ofPlatform().daemon().name("proxy-up").start(() -> relay(towardEdge, towardGateway, true));
        this.down = Thread.ofPlatform().daemon().name("proxy-down").start(() -> relay(towardGateway, towardEdge, false));
    }

    /** Where the edge sends (its configured cluster address). */
    public InetSocketAddress edgeFacing() {
        return (InetSocketAddress) towardEdge.getLocalSocketAddress();
    }

    /** The address the gateway sees the edge at. */
    public InetSocketAddress gatewayFacing() {
        return (InetSocketAddress) towardGateway.getLocalSocketAddress();
    }

    /** Sets where datagrams from the edge go. */
    public void gateway(InetSocketAddress address) {
        this.gateway = address;
    }

    public void blackHole(boolean on) {
        blackHole = on;
    }

    /** Datagrams relayed edge → gateway and gateway → edge so far. */
    public long[] relayed() {
        return new long[] {relayedUp.get(), relayedDown.get()};
    }

    /** Sends {@code datagram} to the edge as if it came from the cluster. */
    public void injectTowardEdge(byte[] datagram) throws IOException {
        SocketAddress e = edge;
        if (e == null) {
            throw new IllegalStateException("the edge has not sent anything yet");
        }
        towardEdge.send(new DatagramPacket(datagram, datagram.length, e));
    }

    private void relay(DatagramSocket from, DatagramSocket to, boolean fromEdge) {
        byte[] buf = new byte[2048];
        while (!from.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                from.receive(p);
                if (fromEdge) {
                    edge = p.getSocketAddress();
                }
                SocketAddress target = fromEdge ? gateway : edge;
                if (blackHole || target == null) {
                    continue;
                }
                (fromEdge ? relayedUp : relayedDown).incrementAndGet();
                if (delayed == null) {
                    to.send(new DatagramPacket(buf, p.getLength(), target));
                } else {
                    byte[] copy = Arrays.copyOf(buf, p.getLength());
                    delayed.schedule(() -> sendQuietly(to, copy, target), delayNanos, TimeUnit.NANOSECONDS);
                }
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (from.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void sendQuietly(DatagramSocket to, byte[] datagram, SocketAddress target) {
        try {
            to.send(new DatagramPacket(datagram, datagram.length, target));
        } catch (IOException e) {
            // closed while a datagram waited: it is lost, as on a real path
        }
    }

    @Override
    public void close() throws InterruptedException {
        towardEdge.close();
        towardGateway.close();
        if (delayed != null) {
            delayed.shutdownNow();
        }
        up.join(2000);
        down.join(2000);
    }
}
