package net.voxedge.bench;

/**
 * A sender and a receiver keyed alike, for one SRTP implementation, so a benchmark can protect a
 * packet and unprotect it again. Both methods work in place and return the new length, or a
 * negative number on failure.
 */
interface SrtpPair {

    /** Protects the RTP packet {@code buf[0..len)}; {@code buf} has room for the tag. */
    int protect(byte[] buf, int len);

    /** Unprotects the SRTP packet {@code buf[0..len)}. */
    int unprotect(byte[] buf, int len);
}
