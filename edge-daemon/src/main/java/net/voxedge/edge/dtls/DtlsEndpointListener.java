package net.voxedge.edge.dtls;

/**
 * Outcome of one {@link DtlsServerEndpoint}. All callbacks run on the endpoint's handshake
 * thread, at most once each, in one of three sequences once the endpoint has started:
 * {@code onHandshakeFailed} alone, {@code onHandshakeComplete} followed later by
 * {@code onClosed}, or {@code onHandshakeComplete} followed by {@code onReleased} (after
 * {@link DtlsServerEndpoint#release}). Implementations should hand work off quickly and must not
 * throw.
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

    /**
     * The endpoint let go of its association after {@link DtlsServerEndpoint#release}: nothing of
     * it is kept and nothing more will be sent or reported.
     *
     * @param closeNotify the association's close_notify record, written now but not sent: the
     *                    caller sends it when the session ends (valid then, since no record
     *                    follows it); empty if the association could not write one
     */
    void onReleased(byte[] closeNotify);
}
