package net.voxedge.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP echo sink: every datagram goes back, unchanged, to where it came from. The far end of the
 * forwarding benchmark (a TURN relay's peer), and of its direct baseline. One thread, one socket,
 * one reused buffer.
 */
public final class UdpReflector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpReflector.class);

    private final DatagramChannel channel;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long reflected;

    /** Binds {@code bind} (port 0: any free port) and starts reflecting. */
    public UdpReflector(InetSocketAddress bind) throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(bind);
        thread = Thread.ofPlatform().name("reflector").daemon().start(this::run);
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Datagrams sent back so far. */
    public long reflected() {
        return reflected;
    }

    private void run() {
        ByteBuffer b = ByteBuffer.allocateDirect(65536);
        while (running) {
            try {
                b.clear();
                SocketAddress from = channel.receive(b);
                if (from == null) {
                    continue;
                }
                b.flip();
                channel.send(b, from);
                reflected = reflected + 1;
            } catch (IOException e) {
                if (running) {
                    log.debug("reflector: {}", e.toString()); // e.g. ICMP from a sender that went away
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
