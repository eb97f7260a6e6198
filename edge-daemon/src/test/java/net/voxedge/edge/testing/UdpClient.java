package net.voxedge.edge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;

/** A plain UDP client socket on a chosen loopback address: what a hostile or well-behaved peer sends from. */
public final class UdpClient implements AutoCloseable {
    private int probesReceived;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress server;
    private final ByteBuffer in = ByteBuffer.allocate(65536);

    /** A client bound to {@code localIp} (any 127/8 address on Linux, or ::1) and a free port, talking to {@code server}. */
    public UdpClient(String localIp, InetSocketAddress server) {
        try {
            channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 256 * 1024);
            channel.bind(new InetSocketAddress(localIp, 0));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server = server;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(byte[] datagram) {
        try {
            int n = channel.send(ByteBuffer.wrap(datagram), server);
            if (n != datagram.length) {
                throw new AssertionError("the kernel took " + n + " of " + datagram.length + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next datagram that arrives within {@code wait}, or null if none does. The edge's own STUN
     * RTT probes (Binding requests it sends a connected client) are counted and skipped: they are
     * not replies to what a test sent.
     */
    public byte[] receive(Duration wait) {
        return receive(wait, true);
    }

    /** The next datagram that arrives within {@code wait}, probes included, or null if none does. */
    public byte[] receiveAny(Duration wait) {
        return receive(wait, false);
    }

    private byte[] receive(Duration wait, boolean skipProbes) {
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                in.clear();
                if (channel.receive(in) != null) {
                    in.flip();
                    byte[] b = new byte[in.remaining()];
                    in.get(b);
                    if (skipProbes && isBindingRequest(b)) {
                        probesReceived++;
                        continue;
                    }
                    return b;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBindingRequest(byte[] b) {
        return b.length >= 20 && b[0] == 0 && b[1] == 1 && (b[4] & 0xFF) == 0x21 && (b[5] & 0xFF) == 0x12
                && (b[6] & 0xFF) == 0xA4 && (b[7] & 0xFF) == 0x42;
    }

    /** How many edge STUN probes {@link #receive} skipped. */
    public int probesReceived() {
        return probesReceived;
    }

    /** Sends a check and returns the reply (fails if none arrives within {@code wait}). */
    public StunReply exchange(byte[] check, Duration wait) {
        send(check);
        byte[] reply = receive(wait);
        if (reply == null) {
            throw new AssertionError("no reply from " + server + " to " + localAddress());
        }
        return StunReply.of(reply);
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
