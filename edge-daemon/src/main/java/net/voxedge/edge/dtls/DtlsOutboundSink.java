package net.voxedge.edge.dtls;

/**
 * Where a {@link DtlsServerEndpoint} sends its DTLS datagrams. Called on the handshake thread,
 * never on the IO event loop: the IO layer hops the bytes onto its loop.
 */
@FunctionalInterface
public interface DtlsOutboundSink {
    /**
     * Sends one datagram. The bytes are only valid during the call (BouncyCastle reuses the
     * buffer), so an implementation must copy them before returning. Must not block for long:
     * it runs inside the handshake's retransmission timing.
     */
    void send(byte[] b, int off, int len);
}
