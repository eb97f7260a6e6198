package net.voxedge.edge.transport;

import java.net.InetSocketAddress;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A media socket's reader: each datagram to the sans-IO router, with the socket it came in on. */
final class MediaChannelHandler extends ScratchDatagramReader {
    private static final Logger log = LoggerFactory.getLogger(MediaChannelHandler.class);
    static final int SCRATCH_SIZE = 2048;
    /** Room kept after the datagram so SRTP can append its tag in place. */
    private static final int TAIL_ROOM = 64;

    private final DatagramHandler handler;
    private final int socket;

    MediaChannelHandler(DatagramHandler handler, DatagramSender sender, int socket, byte[] scratch, EdgeMetrics metrics) {
        super(sender, scratch, scratch.length - TAIL_ROOM, DropReason.OVERSIZED, metrics, log, "media");
        this.handler = handler;
        this.socket = socket;
    }

    @Override
    void deliver(byte[] buf, int len, InetSocketAddress sender) {
        handler.onDatagram(buf, len, sender, socket);
    }
}
