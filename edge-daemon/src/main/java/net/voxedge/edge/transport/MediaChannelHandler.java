package net.voxedge.edge.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each datagram out of Netty's direct buffer into the worker's scratch array and hands it
 * to the sans-IO router. The copy is a memcpy of at most one MTU; it buys protocol cores that work
 * on plain arrays (testable, fuzzable) and lets the buffer go back to the pool at once.
 */
final class MediaChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MediaChannelHandler.class);
    static final int SCRATCH_SIZE = 2048;

    private final DatagramHandler handler;
    private final DatagramSender sender;
    private final int socket;
    private final byte[] scratch;
    private final EdgeMetrics metrics;
    private long lastErrorLogNanos;

    MediaChannelHandler(DatagramHandler handler, DatagramSender sender, int socket, byte[] scratch, EdgeMetrics metrics) {
        this.handler = handler;
        this.sender = sender;
        this.socket = socket;
        this.scratch = scratch;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
            if (len > scratch.length - 64) {
                // Room is kept after the datagram so SRTP can append its tag in place.
                metrics.drop(DropReason.OVERSIZED);
                return;
            }
            content.getBytes(content.readerIndex(), scratch, 0, len);
            handler.onDatagram(scratch, len, packet.sender(), socket);
        } catch (RuntimeException | StackOverflowError e) {
            // Never let a packet kill the worker: count it and rate-limit the log line.
            metrics.drop(DropReason.WORKER_ERROR);
            long now = System.nanoTime();
            if (now - lastErrorLogNanos > 1_000_000_000L) {
                lastErrorLogNanos = now;
                log.warn("media worker error on datagram from {}", packet.sender(), e);
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        sender.endBatch();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port-unreachable and the like surface here on connected paths; they are not fatal.
        metrics.drop(DropReason.WORKER_ERROR);
        log.debug("media socket exception", cause);
    }
}
