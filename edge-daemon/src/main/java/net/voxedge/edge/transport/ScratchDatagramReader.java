package net.voxedge.edge.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import org.slf4j.Logger;

/**
 * What the media and relay sockets' readers share: copy each datagram out of Netty's direct buffer
 * into the loop's scratch array (a memcpy of at most one MTU, which buys protocol cores that work on
 * plain arrays and returns the buffer to the pool at once), hand it on, and send every reply a read
 * batch produced in one flush. Nothing escapes: an error is counted and logged at most once a second.
 */
abstract class ScratchDatagramReader extends ChannelInboundHandlerAdapter {
    private final DatagramSender sender;
    private final byte[] scratch;
    private final int maxLength;
    private final DropReason tooLong;
    private final EdgeMetrics metrics;
    private final Logger log;
    private final String what;
    private long lastErrorLogNanos;

    /**
     * @param maxLength the longest datagram taken (shorter than the scratch where the consumer
     *     writes past the datagram in place); longer ones are dropped as {@code tooLong}
     * @param what names the socket in log lines ("media", "relay")
     */
    ScratchDatagramReader(DatagramSender sender, byte[] scratch, int maxLength, DropReason tooLong, EdgeMetrics metrics,
                          Logger log, String what) {
        this.sender = sender;
        this.scratch = scratch;
        this.maxLength = maxLength;
        this.tooLong = tooLong;
        this.metrics = metrics;
        this.log = log;
        this.what = what;
    }

    /** Hands one datagram, in {@code buf[0..len)}, to the consumer. */
    abstract void deliver(byte[] buf, int len, InetSocketAddress sender);

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        // Replies to everything one read loop brought in (recvmmsg / a batch of completions) leave
        // with one flush in channelReadComplete.
        sender.beginBatch();
        try {
            ByteBuf content = packet.content();
            int len = content.readableBytes();
            if (len > maxLength) {
                metrics.drop(tooLong);
                return;
            }
            content.getBytes(content.readerIndex(), scratch, 0, len);
            deliver(scratch, len, packet.sender());
        } catch (RuntimeException | StackOverflowError e) {
            metrics.drop(DropReason.WORKER_ERROR);
            long now = System.nanoTime();
            if (now - lastErrorLogNanos > 1_000_000_000L) {
                lastErrorLogNanos = now;
                log.warn("{} worker error on datagram from {}", what, packet.sender(), e);
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        sender.endBatch();
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port-unreachable and the like surface here on connected paths; they are not fatal.
        metrics.drop(DropReason.WORKER_ERROR);
        log.debug("{} socket exception", what, cause);
    }
}
