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
 * The relay socket's reader: copies each frame into the loop's relay scratch and hands it to the
 * worker, replies leaving in one flush per read batch, as on the media sockets. Nothing escapes.
 */
final class RelayChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayChannelHandler.class);

    private final RelayFrameHandler handler;
    private final DatagramSender sender;
    private final byte[] scratch;
    private final EdgeMetrics metrics;
    private long lastErrorLogNanos;

    RelayChannelHandler(RelayFrameHandler handler, DatagramSender sender, byte[] scratch, EdgeMetrics metrics) {
        this.handler = handler;
        this.sender = sender;
        this.scratch = scratch;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        sender.beginBatch();
        try {
            ByteBuf content = packet.content();
            int len = content.readableBytes();
            if (len > scratch.length) {
                metrics.drop(DropReason.RELAY_MALFORMED);
                return;
            }
            content.getBytes(content.readerIndex(), scratch, 0, len);
            handler.onRelayFrame(scratch, len, packet.sender());
        } catch (RuntimeException | StackOverflowError e) {
            metrics.drop(DropReason.WORKER_ERROR);
            long now = System.nanoTime();
            if (now - lastErrorLogNanos > 1_000_000_000L) {
                lastErrorLogNanos = now;
                log.warn("relay worker error on frame from {}", packet.sender(), e);
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
        metrics.drop(DropReason.WORKER_ERROR);
        log.debug("relay socket exception", cause);
    }
}
