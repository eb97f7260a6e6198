/**
 * SRTP and SRTCP (RFC 3711) with the two protection profiles WebRTC negotiates over DTLS-SRTP
 * (RFC 5764): AES-CM with HMAC-SHA1 and AEAD AES-GCM (RFC 7714).
 *
 * <p>Sans-IO and allocation-conscious: {@link net.voxedge.edge.srtp.SrtpContext} transforms
 * packets in place in the caller's {@code byte[]} and reports failures as negative
 * {@link net.voxedge.edge.srtp.SrtpError} codes, never as exceptions. Keys come from
 * {@link net.voxedge.edge.srtp.SrtpKeyMaterial#fromDtlsExport}.
 */
package net.voxedge.edge.srtp;
