package net.voxedge.edge.transport;

import java.net.InetSocketAddress;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.EdgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay socket's reader: each frame from a peer host to the worker (edge-daemon/README.md, "Relay"). */
final class RelayChannelHandler extends ScratchDatagramReader {
    private static final Logger log = LoggerFactory.getLogger(RelayChannelHandler.class);

    private final RelayFrameHandler handler;

    RelayChannelHandler(RelayFrameHandler handler, DatagramSender sender, byte[] scratch, EdgeMetrics metrics) {
        super(sender, scratch, scratch.length, DropReason.RELAY_MALFORMED, metrics, log, "relay");
        this.handler = handler;
    }

    @Override
    void deliver(byte[] buf, int len, InetSocketAddress sender) {
        handler.onRelayFrame(buf, len, sender);
    }
}
