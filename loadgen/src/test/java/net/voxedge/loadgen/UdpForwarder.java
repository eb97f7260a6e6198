package net.voxedge.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test stand-in for a relaying host: datagrams from each client go on to one upstream address
 * from a socket of their own, and what comes back on that socket returns to the client. Counts
 * both ways so a test can see the traffic really took this path.
 */
final class UdpForwarder implements AutoCloseable {
    private final DatagramChannel front;
    private final InetSocketAddress upstream;
    private final Selector selector;
    private final Map<SocketAddress, DatagramChannel> byClient = new HashMap<>();
    private final Thread thread;
    final AtomicLong toUpstream = new AtomicLong();
    final AtomicLong toClients = new AtomicLong();

    UdpForwarder(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.selector = Selector.open();
        this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        front.configureBlocking(false);
        front.register(selector, SelectionKey.OP_READ, null);
        thread = new Thread(this::run, "udp-forwarder");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (!Thread.currentThread().isInterrupted() && selector.isOpen()) {
                selector.select(200);
                for (SelectionKey k : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) k.channel();
                    for (SocketAddress from; (from = receive(ch, buf.clear())) != null; ) {
                        buf.flip();
                        if (k.attachment() == null) {
                            upstreamFor(from).send(buf, upstream);
                            toUpstream.incrementAndGet();
                        } else {
                            front.send(buf, (SocketAddress) k.attachment());
                            toClients.incrementAndGet();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closed
        }
    }

    private static SocketAddress receive(DatagramChannel ch, ByteBuffer buf) throws IOException {
        return ch.receive(buf);
    }

    private DatagramChannel upstreamFor(SocketAddress client) throws IOException {
        DatagramChannel ch = byClient.get(client);
        if (ch == null) {
            ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, client);
            byClient.put(client, ch);
        }
        return ch;
    }

    @Override
    public void close() throws Exception {
        thread.interrupt();
        selector.close();
        thread.join(2000);
        front.close();
        for (DatagramChannel ch : byClient.values()) {
            ch.close();
        }
    }
}
