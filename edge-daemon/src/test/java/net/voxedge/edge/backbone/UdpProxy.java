package net.voxedge.edge.backbone;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A UDP relay between the edge and a gateway that can black-hole both directions (a path outage)
 * and inject datagrams toward the edge from the gateway's side (garbage on the cluster's
 * address). The edge talks to {@link #edgeFacing()}; the gateway sees the relay's other socket.
 */
final class UdpProxy implements AutoCloseable {
    private final DatagramSocket towardEdge;
    private final DatagramSocket towardGateway;
    private final InetSocketAddress gateway;
    private volatile SocketAddress edge;
    private volatile boolean blackHole;
    private final Thread up;
    private final Thread down;

    UdpProxy(InetSocketAddress gateway) throws SocketException {
        this.gateway = gateway;
        this.towardEdge = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.towardGateway = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.up = Thread.ofPlatform().daemon().name("proxy-up").start(() -> relay(towardEdge, towardGateway, true));
        this.down = Thread.ofPlatform().daemon().name("proxy-down").start(() -> relay(towardGateway, towardEdge, false));
    }

    /** Where the edge sends (its configured cluster address). */
    InetSocketAddress edgeFacing() {
        return (InetSocketAddress) towardEdge.getLocalSocketAddress();
    }

    /** The address the gateway sees the edge at. */
    InetSocketAddress gatewayFacing() {
        return (InetSocketAddress) towardGateway.getLocalSocketAddress();
    }

    void blackHole(boolean on) {
        blackHole = on;
    }

    /** Sends {@code datagram} to the edge as if it came from the cluster. */
    void injectTowardEdge(byte[] datagram) throws IOException {
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
                if (!blackHole && target != null) {
                    to.send(new DatagramPacket(buf, p.getLength(), target));
                }
            } catch (IOException e) {
                if (from.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        towardEdge.close();
        towardGateway.close();
        up.join(2000);
        down.join(2000);
    }
}
