package net.voxedge.edge.sdp;

import java.util.Locale;

/**
 * A remote ICE candidate from an a=candidate line (RFC 8839 section 5.1). An ICE-lite server never
 * checks towards these, so they are kept for logging and diagnostics only; lines that do not parse
 * are skipped rather than rejected.
 *
 * @param foundation the foundation token
 * @param component 1 for RTP (the only component with rtcp-mux)
 * @param transport lower case, usually {@code udp} or {@code tcp}
 * @param priority 1..2^32-1
 * @param address IP literal or, from browsers hiding local addresses, an mDNS {@code .local} name
 * @param port 0..65535 (0 for some TCP-active candidates)
 * @param type {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, String type) {

    /** Parses the value of an a=candidate attribute (after {@code candidate:}); null when malformed. */
    static IceCandidate parse(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.strip().split(" +");
        if (f.length < 8 || !f[6].equals("typ")) {
            return null;
        }
        long component = SdpSyntax.parseNumber(f[1], 1, 256);
        long priority = SdpSyntax.parseNumber(f[3], 1, 0xFFFF_FFFFL);
        long port = SdpSyntax.parseNumber(f[5], 0, 65535);
        if (f[0].isEmpty() || f[0].length() > 32 || component < 0 || priority < 0 || port < 0
                || !SdpSyntax.isToken(f[2]) || !SdpSyntax.isToken(f[7]) || f[4].isEmpty() || f[4].length() > 255) {
            return null;
        }
        return new IceCandidate(f[0], (int) component, f[2].toLowerCase(Locale.ROOT), priority, f[4], (int) port,
                f[7].toLowerCase(Locale.ROOT));
    }
}
