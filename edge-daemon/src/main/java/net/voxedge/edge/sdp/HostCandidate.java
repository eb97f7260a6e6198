package net.voxedge.edge.sdp;

import io.netty.util.NetUtil;

/**
 * One of our own host candidates to put in an answer: the PoP's public media address.
 *
 * @param foundation 1..32 ice-chars; candidates on different PoPs need different foundations
 * @param ip an IPv4 or IPv6 literal (no zone id)
 * @param port 1..65535
 * @param priority 1..2^32-1; higher is preferred, so the primary PoP gets the highest
 */
public record HostCandidate(String foundation, String ip, int port, long priority) {

    /** RFC 8445 section 5.1.2.1 priority of a host candidate with the given local preference, component 1. */
    public static long hostPriority(int localPreference) {
        if (localPreference < 0 || localPreference > 0xFFFF) {
            throw new IllegalArgumentException("local preference must be 0..65535: " + localPreference);
        }
        return (126L << 24) | ((long) localPreference << 8) | (256 - 1);
    }

    /** Validates every field. */
    public HostCandidate {
        if (!SdpSyntax.isIceChars(foundation, 1, 32)) {
            throw new IllegalArgumentException("candidate foundation must be 1 to 32 characters of A-Z a-z 0-9 + /");
        }
        if (ip == null || ip.indexOf('%') >= 0 || ip.indexOf('[') >= 0
                || !(NetUtil.isValidIpV4Address(ip) || NetUtil.isValidIpV6Address(ip))) {
            throw new IllegalArgumentException("candidate address must be an IPv4 or IPv6 literal without zone: " + ip);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("candidate port must be 1..65535: " + port);
        }
        if (priority < 1 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("candidate priority must be 1..2^32-1: " + priority);
        }
    }

    /** True for an IPv6 address. */
    public boolean isIpv6() {
        return ip.indexOf(':') >= 0;
    }

    /** {@code IP4} or {@code IP6}, the SDP address type. */
    public String addressType() {
        return isIpv6() ? "IP6" : "IP4";
    }

    /** The attribute value, without {@code a=}: {@code candidate:<foundation> 1 udp <priority> <ip> <port> typ host}. */
    public String toSdpAttribute() {
        return "candidate:" + foundation + " 1 udp " + priority + " " + ip + " " + port + " typ host";
    }
}
