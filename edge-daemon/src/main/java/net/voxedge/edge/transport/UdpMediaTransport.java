package net.voxedge.edge.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.config.EdgeConfig.TransportKind;
import net.voxedge.edge.config.HostPort;
import net.voxedge.edge.metrics.EdgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one public UDP port: {@code workers} event loops, each with its own SO_REUSEPORT socket per
 * bind address, so the kernel spreads clients across cores and no two loops share a socket.
 * The kernel keeps a 4-tuple on one socket, but one client's different addresses may land on
 * different loops; the packet router (not this class) makes every session reachable from every loop.
 */
public final class UdpMediaTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpMediaTransport.class);
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final int BATCH = 16;

    private final EdgeConfig config;
    private final EdgeMetrics metrics;
    private MultiThreadIoEventLoopGroup group;
    private final List<MediaSockets> sockets = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private TransportKind kind;

    public UdpMediaTransport(EdgeConfig config, EdgeMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Binds every socket; {@code handlers} makes the one handler each loop uses. */
    public void start(Function<MediaSockets, DatagramHandler> handlers) throws InterruptedException {
        kind = choose(config.transport());
        int workers = kind == TransportKind.NIO ? 1 : config.workers();
        IoHandlerFactory factory = switch (kind) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        group = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("media", true), factory);
        // Port 0 means "any": the first loop's socket picks it, the others must share that port.
        List<HostPort> binds = new ArrayList<>(config.mediaBind());
        HostPort relayBind = config.relay().enabled() ? config.relay().listen() : null;
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            Channel[] channels = new Channel[binds.size()];
            MediaSockets ms = new MediaSockets(loop, channels);
            DatagramHandler handler = handlers.apply(ms);
            byte[] scratch = new byte[MediaChannelHandler.SCRATCH_SIZE];
            for (int i = 0; i < binds.size(); i++) {
                channels[i] = bind(loop, binds.get(i), new MediaChannelHandler(handler, ms, i, scratch, metrics));
                this.channels.add(channels[i]);
                if (binds.get(i).port() == 0) {
                    binds.set(i, new HostPort(binds.get(i).address(), ((java.net.InetSocketAddress) channels[i].localAddress()).getPort()));
                }
            }
            if (relayBind != null) {
                if (!(handler instanceof RelayFrameHandler relayHandler)) {
                    throw new IllegalStateException("relay.listen is set but the media handler takes no relay frames");
                }
                Channel rc = bind(loop, relayBind, new RelayChannelHandler(relayHandler, ms,
                        new byte[MediaChannelHandler.SCRATCH_SIZE], metrics));
                ms.relayChannel(rc);
                this.channels.add(rc);
            }
            sockets.add(ms);
        }
        if (relayBind != null) {
            log.info("relay socket: {} on each of {} worker(s), peers {}", relayBind, workers, config.relay().peers());
        }
        log.info("media port: {} on {} with {} worker(s){}", kind.name().toLowerCase(java.util.Locale.ROOT), binds, workers,
                kind == TransportKind.NIO ? " (NIO fallback: no SO_REUSEPORT, one worker)" : ", SO_REUSEPORT");
    }

    private Channel bind(EventLoop loop, HostPort addr, io.netty.channel.ChannelHandler handler) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(loop).handler(handler)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        Class<? extends DatagramChannel> channelClass = switch (kind) {
            case IO_URING -> IoUringDatagramChannel.class;
            case EPOLL -> EpollDatagramChannel.class;
            default -> NioDatagramChannel.class;
        };
        b.channel(channelClass);
        if (kind != TransportKind.NIO) {
            b.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        if (kind == TransportKind.EPOLL) {
            // With a max payload and a buffer for several datagrams, epoll reads with recvmmsg.
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MediaChannelHandler.SCRATCH_SIZE);
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MediaChannelHandler.SCRATCH_SIZE * BATCH));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MediaChannelHandler.SCRATCH_SIZE));
        }
        return b.bind(addr.socketAddress()).sync().channel();
    }

    private static TransportKind choose(TransportKind wanted) {
        return switch (wanted) {
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("media.transport=io_uring but io_uring is unavailable: " + IoUring.unavailabilityCause());
                }
                yield TransportKind.IO_URING;
            }
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("media.transport=epoll but epoll is unavailable: " + Epoll.unavailabilityCause());
                }
                yield TransportKind.EPOLL;
            }
            case NIO -> TransportKind.NIO;
            case AUTO -> {
                if (IoUring.isAvailable()) {
                    yield TransportKind.IO_URING;
                }
                if (Epoll.isAvailable()) {
                    log.info("io_uring unavailable ({}); using epoll", IoUring.unavailabilityCause().toString());
                    yield TransportKind.EPOLL;
                }
                log.warn("neither io_uring nor epoll is available; falling back to NIO with a single worker");
                yield TransportKind.NIO;
            }
        };
    }

    public TransportKind kind() {
        return kind;
    }

    /** The bound addresses (with real ports when the configuration said 0). */
    public List<java.net.InetSocketAddress> boundAddresses() {
        List<java.net.InetSocketAddress> out = new ArrayList<>();
        MediaSockets first = sockets.get(0);
        for (int i = 0; i < first.count(); i++) {
            out.add(first.localAddress(i));
        }
        return out;
    }

    /** The relay socket's bound address, or null when the relay is off. */
    public java.net.InetSocketAddress relayAddress() {
        return sockets.isEmpty() ? null : sockets.get(0).relayAddress();
    }

    public List<MediaSockets> sockets() {
        return sockets;
    }

    @Override
    public void close() {
        // Close the sockets before the loops: an io_uring loop shut down with its channels still open
        // could leave a socket's fd open in the process (the port stayed bound after close()).
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
