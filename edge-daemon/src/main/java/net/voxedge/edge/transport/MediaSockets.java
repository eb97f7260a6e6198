package net.voxedge.edge.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The sockets one event loop owns (one per bind address). Sending from the loop that owns the
 * socket keeps writes on one thread; a send from another thread is scheduled onto it by Netty.
 */
public final class MediaSockets implements DatagramSender {
    private final EventLoop loop;
    private final Channel[] channels;
    /** The loop's relay socket (SO_REUSEPORT on relay.listen), or null when the relay is off; set once at start. */
    private Channel relay;
    // Loop-thread state: whether sends are held for one flush, and which sockets hold some.
    private static final int RELAY_BIT = 1 << 31;
    private boolean batching;
    private int unflushed;

    MediaSockets(EventLoop loop, Channel[] channels) {
        this.loop = loop;
        this.channels = channels;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    public int count() {
        return channels.length;
    }

    @Override
    public int socketCount() {
        return channels.length;
    }

    void relayChannel(Channel relay) {
        this.relay = relay;
    }

    /** The relay socket's bound address, or null when the relay is off. */
    public InetSocketAddress relayAddress() {
        return relay == null ? null : (InetSocketAddress) relay.localAddress();
    }

    @Override
    public boolean sendRelay(byte[] buf, int off, int len, InetSocketAddress to) {
        Channel ch = relay;
        if (ch == null) {
            return false;
        }
        ByteBuf out = ch.alloc().directBuffer(len);
        out.writeBytes(buf, off, len);
        if (batching && loop.inEventLoop()) {
            ch.write(new DatagramPacket(out, to), ch.voidPromise());
            unflushed |= RELAY_BIT;
        } else {
            ch.writeAndFlush(new DatagramPacket(out, to), ch.voidPromise());
        }
        return true;
    }

    public InetSocketAddress localAddress(int socket) {
        return (InetSocketAddress) channels[socket].localAddress();
    }

    /** Copies {@code len} bytes into a pooled direct buffer and sends them from socket {@code socket}. */
    @Override
    public void send(int socket, byte[] buf, int off, int len, InetSocketAddress to) {
        Channel ch = channels[socket];
        ByteBuf out = ch.alloc().directBuffer(len);
        out.writeBytes(buf, off, len);
        // A stale `batching` seen from another thread (DTLS flights come from virtual threads) is harmless:
        // only the loop's own thread may leave a write unflushed.
        if (batching && loop.inEventLoop()) {
            ch.write(new DatagramPacket(out, to), ch.voidPromise());
            unflushed |= 1 << socket;
        } else {
            ch.writeAndFlush(new DatagramPacket(out, to), ch.voidPromise());
        }
    }

    @Override
    public void beginBatch() {
        batching = true;
    }

    @Override
    public void endBatch() {
        batching = false;
        int pending = unflushed;
        unflushed = 0;
        if ((pending & RELAY_BIT) != 0) {
            pending &= ~RELAY_BIT;
            relay.flush();
        }
        for (int i = 0; pending != 0; i++, pending >>>= 1) {
            if ((pending & 1) != 0) {
                channels[i].flush();
            }
        }
    }

    /** The socket of this loop whose address family matches {@code to}, preferring {@code hint}. */
    @Override
    public int socketFor(InetSocketAddress to, int hint) {
        boolean v6 = to.getAddress() instanceof java.net.Inet6Address;
        if (hint >= 0 && hint < channels.length && familyMatches(hint, v6)) {
            return hint;
        }
        for (int i = 0; i < channels.length; i++) {
            if (familyMatches(i, v6)) {
                return i;
            }
        }
        return 0;
    }

    private boolean familyMatches(int socket, boolean v6) {
        return (localAddress(socket).getAddress() instanceof java.net.Inet6Address) == v6;
    }
}
