/**
 * DTLS 1.2 server side of DTLS-SRTP (RFC 5764) for WebRTC sessions (RFC 8827, RFC 8842), on
 * BouncyCastle's blocking DTLS implementation.
 *
 * <p>{@link net.voxedge.edge.dtls.DtlsCertificate} is the daemon's self-signed identity whose
 * fingerprint goes into the SDP answer; {@link net.voxedge.edge.dtls.DtlsServerEndpoint} runs one
 * session's handshake on its own (virtual) thread, fed by the IO event loop through a bounded,
 * never-blocking queue, and hands the SRTP keying material to a
 * {@link net.voxedge.edge.dtls.DtlsEndpointListener}.
 */
package net.voxedge.edge.dtls;
