package net.voxedge.edge.metrics;

import java.util.Locale;

/** Packet classes as counted per direction (RFC 7983 demultiplexing, plus RTP vs RTCP). */
public enum PacketClassLabel {
    STUN, DTLS, RTP, RTCP, OTHER;

    public final String label = name().toLowerCase(Locale.ROOT);
}
