package net.voxedge.edge.srtp;

import java.security.GeneralSecurityException;

/**
 * The cryptographic half of SRTP for one packet kind (SRTP or SRTCP) under one set of session
 * keys: encryption and authentication only. Parsing, index estimation and replay state live in
 * {@link SrtpContext}, which has already validated every offset passed here.
 *
 * <p>"Seal" encrypts in place and appends what the profile appends; "open" verifies first and
 * decrypts only verified packets (RFC 3711 §3.3 step 5 before step 6).
 */
sealed interface SrtpPacketCipher permits AesCmHmacPacketCipher, AesGcmPacketCipher {

    /** Tag bytes this cipher appends. */
    int tagLength();

    /**
     * Protects the RTP packet {@code buf[off..off+len)} whose header is {@code headerLen} bytes;
     * the tag goes to {@code buf[off+len..)}. Returns the new length.
     */
    int sealRtp(byte[] buf, int off, int headerLen, int len, int ssrc, long index)
            throws GeneralSecurityException;

    /**
     * Verifies and decrypts the SRTP packet {@code buf[off..off+len)} (tag included). Returns
     * false, leaving the payload undefined but no state touched, when the tag does not verify.
     */
    boolean openRtp(byte[] buf, int off, int headerLen, int len, int ssrc, long index)
            throws GeneralSecurityException;

    /**
     * Protects the RTCP compound packet {@code buf[off..off+len)} with SRTCP index {@code index},
     * encrypting unless {@code encrypt} is false (E bit clear, RFC 3711 §3.4). Returns the new
     * length: {@code len + 4 + tagLength()}.
     */
    int sealRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypt)
            throws GeneralSecurityException;

    /**
     * Verifies, and decrypts if {@code encrypted}, the SRTCP packet {@code buf[off..off+len)}
     * (E||index word and tag included). Returns false when the tag does not verify.
     */
    boolean openRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypted)
            throws GeneralSecurityException;

    /** Offset, relative to the packet start, of the SRTCP E||index word in a packet of {@code len}. */
    int rtcpIndexOffset(int len);
}
