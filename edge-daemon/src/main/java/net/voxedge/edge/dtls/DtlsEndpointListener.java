package net.voxedge.edge.dtls;

/**
 * Outcome of one {@link DtlsServerEndpoint}. All callbacks run on the endpoint's handshake
 * thread, at most once each, in one of two sequences once the endpoint has started:
 * {@code onHandshakeFailed} alone, or {@code onHandshakeComplete} followed later by
 * {@code onClosed}. Implementations should hand work off quickly and must not throw.
 */
public interface DtlsEndpointListener {
    /**
     * The handshake finished and SRTP keys can be derived.
     *
     * @param srtpProfileId  the negotiated IANA protection profile id (see {@link net.voxedge.edge.srtp.SrtpProfile})
     * @param keyingMaterial {@code EXTRACTOR-dtls_srtp} output of
     *                       {@link net.voxedge.edge.srtp.SrtpProfile#keyingMaterialLength()} bytes: client key,
     *                       server key, client salt, server salt (RFC 5764 section 4.2); owned by
     *                       the callee
     * @param handshakeNanos time from the first ClientHello's arrival to completion
     */
    void onHandshakeComplete(int srtpProfileId, byte[] keyingMaterial, long handshakeNanos);

    /** The handshake did not complete; {@code reason} names why (for logs and metrics). */
    void onHandshakeFailed(String reason);

    /** The established association ended: close_notify, a fatal alert, or a local close. */
    void onClosed(String reason);
}
