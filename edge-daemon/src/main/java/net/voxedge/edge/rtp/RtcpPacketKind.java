package net.voxedge.edge.rtp;

/** What one packet inside a compound RTCP packet is, as far as the edge cares. */
public enum RtcpPacketKind {
    /** SR, packet type 200. */
    SENDER_REPORT,
    /** RR, packet type 201. */
    RECEIVER_REPORT,
    /** SDES, packet type 202 (skipped: we do not need CNAMEs from the client). */
    SOURCE_DESCRIPTION,
    /** BYE, packet type 203. */
    BYE,
    /** APP, packet type 204 (skipped). */
    APP,
    /** RTPFB (205) with FMT 1: generic NACK, RFC 4585 section 6.2.1. */
    GENERIC_NACK,
    /** RTPFB (205) with another FMT, e.g. transport-wide congestion control (15); skipped. */
    OTHER_TRANSPORT_FEEDBACK,
    /** PSFB (206) with FMT 1: picture loss indication, RFC 4585 section 6.3.1. */
    PICTURE_LOSS_INDICATION,
    /** PSFB (206) with another FMT, e.g. FIR (4) or REMB (15); skipped. */
    OTHER_PAYLOAD_FEEDBACK,
    /** XR, packet type 207 (skipped). */
    EXTENDED_REPORT,
    /** Any other packet type; skipped. */
    UNKNOWN
}
