package net.voxedge.backbone.tunnel.io;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkState;
import net.voxedge.backbone.tunnel.TransmitSink;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import net.voxedge.backbone.tunnel.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket hosting tunnel links by peer address (an edge host has one per cluster; a cluster
 * gateway one per edge host). Everything runs on the endpoint's single event loop: datagrams in,
 * a timer tick that calls {@link TunnelLink#onTimeout} when a link's deadline passed, and whatever
 * the application runs through {@link #execute} / {@link #call} (send methods, key rotation).
 * Datagrams from unknown addresses are dropped and counted. No exception escapes a handler: it is
 * counted ({@code voxedge_tunnel_handler_errors_total}) and logged.
 */
public final class TunnelEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TunnelEndpoint.class);
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final MeterRegistry registry;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final Channel channel;
    private static final long LOST_LOG_INTERVAL_NANOS = 1_000_000_000L;
    private final Map<InetSocketAddress, Peer> peers = new HashMap<>();
    private final byte[] scratch = new byte[WireFormat.MAX_DATAGRAM + 1];
    private final Counter unknownPeer;
    private final Counter handlerErrors;
    private final ScheduledFuture<?> ticker;
    private boolean batching;
    private boolean flushPending;
    /** False once {@link #stopReceiving} ran: datagrams are read and dropped, unseen by the links. */
    private boolean receiving = true;

    private final class Peer {
        final String name;
        final InetSocketAddress address;
        final TunnelLink link;
        final TunnelMetrics metrics;
        final LoggingListener events;

        Peer(String name, InetSocketAddress address, TunnelLinkConfig config, LinkKeys keys, TunnelListener listener) {
            this.name = name;
            this.address = address;
            TransmitSink sink = (buf, off, len) -> transmit(address, buf, off, len);
            this.events = new LoggingListener(name, listener);
            this.link = new TunnelLink(config, keys, events, sink);
            this.metrics = new TunnelMetrics(registry, name, link);
        }
    }

    /** Wraps the application's listener: logs link state changes, and keeps its exceptions inside. */
    private final class LoggingListener implements TunnelListener {
        private final String name;
        private final TunnelListener app;
        // frames given up: one WARN per second at most, with the count (a collapse gives up thousands)
        private long lostUnlogged;
        private long lostLoggedAt;
        private boolean lostLogged;
        private long lastLostSession;
        private int lastLostStream;
        private int lastLostSeq;

        LoggingListener(String name, TunnelListener app) {
            this.name = name;
            this.app = app;
        }

        @Override
        public void onMedia(long session, int stream, int seq, int ts, int flags, byte[] buf, int off, int len) {
            try {
                app.onMedia(session, stream, seq, ts, flags, buf, off, len);
            } catch (RuntimeException e) {
                handlerError("onMedia", e);
            }
        }

        @Override
        public void onControl(long session, int type, byte[] buf, int off, int len) {
            try {
                app.onControl(session, type, buf, off, len);
            } catch (RuntimeException e) {
                handlerError("onControl", e);
            }
        }

        @Override
        public void onAcked(long session, int stream, int seq) {
            try {
                app.onAcked(session, stream, seq);
            } catch (RuntimeException e) {
                handlerError("onAcked", e);
            }
        }

        @Override
        public void onFrameLost(long session, int stream, int seq) {
            lostUnlogged++;
            lastLostSession = session;
            lastLostStream = stream;
            lastLostSeq = seq;
            logLostFrames(System.nanoTime());
            try {
                app.onFrameLost(session, stream, seq);
            } catch (RuntimeException e) {
                handlerError("onFrameLost", e);
            }
        }

        /** Logs the frames given up since the last such line, if there are any and a second has passed. */
        void logLostFrames(long now) {
            if (lostUnlogged == 0 || (lostLogged && now - lostLoggedAt < LOST_LOG_INTERVAL_NANOS)) {
                return;
            }
            log.warn("tunnel {}: gave up {} reliable frame(s) after the retransmission limit (latest session={} stream={} seq={})",
                    name, lostUnlogged, lastLostSession, lastLostStream, lastLostSeq);
            lostUnlogged = 0;
            lostLoggedAt = now;
            lostLogged = true;
        }

        @Override
        public void onLinkState(LinkState state, long nowNanos) {
            if (state == LinkState.UP) {
                log.info("tunnel {}: link UP", name);
            } else {
                log.warn("tunnel {}: link DOWN (probes lost or peer silent)", name);
            }
            try {
                app.onLinkState(state, nowNanos);
            } catch (RuntimeException e) {
                handlerError("onLinkState", e);
            }
        }

        @Override
        public void onDrop(net.voxedge.backbone.tunnel.DropReason reason) {
            try {
                app.onDrop(reason);
            } catch (RuntimeException e) {
                handlerError("onDrop", e);
            }
        }
    }

    private TunnelEndpoint(MeterRegistry registry, InetSocketAddress bind, long tickNanos) throws InterruptedException {
        this.registry = registry;
        this.unknownPeer = Counter.builder("voxedge.tunnel.unknown.peer")
                .description("Datagrams from addresses that host no tunnel link").register(registry);
        this.handlerErrors = Counter.builder("voxedge.tunnel.handler.errors")
                .description("Exceptions caught in tunnel IO handlers").register(registry);
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tunnel", true), NioIoHandler.newFactory());
        this.loop = group.next();
        Bootstrap b = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                .handler(new Inbound());
        Channel ch;
        try {
            ch = b.bind(bind).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.channel = ch;
        this.ticker = loop.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        log.info("tunnel endpoint listening on {}", channel.localAddress());
    }

    /** Binds a UDP socket (port 0: ephemeral) with a timer tick of {@code tickNanos} (the links' G). */
    public static TunnelEndpoint bind(InetSocketAddress local, MeterRegistry registry, long tickNanos)
            throws InterruptedException {
        return new TunnelEndpoint(registry, local, tickNanos);
    }

    /** The bound address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Adds a link to {@code peer} named {@code name} (the metrics tag); blocks until the event loop
     * did it. Returns the link: use it only from the event loop ({@link #execute}).
     */
    public TunnelLink addPeer(String name, InetSocketAddress peer, TunnelLinkConfig config, LinkKeys keys,
            TunnelListener listener) {
        return call(() -> {
            if (peers.containsKey(peer)) {
                throw new IllegalStateException("tunnel peer " + peer + " is already hosted by this endpoint");
            }
            Peer p = new Peer(name, peer, config, keys, listener);
            peers.put(peer, p);
            log.info("tunnel {}: link {} to {} added (role {})", name, config.linkId(), peer, config.role());
            return p.link;
        });
    }

    /** Removes the link to {@code peer} and its meters. */
    public void removePeer(InetSocketAddress peer) {
        call(() -> {
            Peer p = peers.remove(peer);
            if (p != null) {
                p.metrics.remove();
                log.info("tunnel {}: link to {} removed", p.name, peer);
            }
            return null;
        });
    }

    /** Runs a task on the event loop; what it sends is flushed when it returns. Exceptions are counted and logged. */
    public void execute(Runnable task) {
        loop.execute(() -> {
            batching = true;
            try {
                task.run();
            } catch (RuntimeException e) {
                handlerError("task", e);
            } finally {
                batching = false;
                flush();
            }
        });
    }

    /** Runs a task on the event loop and waits for its result (not from the event loop itself). */
    public <T> T call(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        try {
            return loop.submit(() -> batch(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tunnel event loop", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private <T> T batch(Callable<T> work) throws Exception {
        batching = true;
        try {
            return work.call(); // the caller gets the exception
        } finally {
            batching = false;
            flush();
        }
    }

    private void tick() {
        batching = true;
        try {
            long now = System.nanoTime();
            for (Peer p : peers.values()) {
                if (p.link.nextDeadlineNanos() <= now) { // plain compare: the deadline may be Long.MIN_VALUE ("at once")
                    p.link.onTimeout(now);
                }
                p.events.logLostFrames(now);
            }
        } catch (RuntimeException e) {
            handlerError("timer", e);
        } finally {
            batching = false;
            flush();
        }
    }

    private void transmit(InetSocketAddress to, byte[] buf, int off, int len) {
        ByteBuf b = channel.alloc().directBuffer(len);
        b.writeBytes(buf, off, len);
        if (batching) {
            channel.write(new DatagramPacket(b, to), channel.voidPromise());
            flushPending = true;
        } else {
            channel.writeAndFlush(new DatagramPacket(b, to), channel.voidPromise());
        }
    }

    private void flush() {
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
    }

    private void handlerError(String where, Throwable e) {
        handlerErrors.increment();
        log.error("tunnel endpoint: exception in {} handler (counted, datagram or event dropped)", where, e);
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            batching = true;
            try {
                if (!receiving) {
                    return;
                }
                Peer p = peers.get(packet.sender());
                if (p == null) {
                    unknownPeer.increment();
                    return;
                }
                ByteBuf content = packet.content();
                int len = Math.min(content.readableBytes(), scratch.length); // longer than MAX: BAD_LENGTH in the link
                content.getBytes(content.readerIndex(), scratch, 0, len);
                p.link.receive(scratch, 0, len, System.nanoTime());
            } catch (RuntimeException e) {
                handlerError("datagram", e);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            batching = false;
            flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handlerError("channel", cause);
        }
    }

    /**
     * From now on incoming datagrams are dropped before any link sees them, while sending goes on:
     * what a process that is shutting down calls before it ends its sessions, so that it no longer
     * acknowledges reliable frames it will never act on (the peer keeps them and sends them again,
     * or elsewhere). Runs on the event loop; returns when it took effect.
     */
    public void stopReceiving() {
        call(() -> {
            receiving = false;
            return null;
        });
    }

    /** Closes the socket and stops the event loop. */
    @Override
    public void close() {
        ticker.cancel(false);
        try {
            call(() -> {
                for (Peer p : peers.values()) {
                    p.metrics.remove();
                }
                peers.clear();
                return null;
            });
            channel.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            log.info("tunnel endpoint closed");
        }
    }
}
