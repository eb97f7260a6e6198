package net.voxedge.router.front;

import java.util.List;
import net.voxedge.router.net.IpLiteral;

/**
 * Decides a request's client address (sans-IO): the TCP peer, unless the peer is a trusted proxy;
 * then {@code X-Forwarded-For}, walked from the right (the entry the trusted proxy appended)
 * leftwards past further trusted proxies to the first address that is not one. Entries left of
 * that are whatever the client wrote and are never read: taking the left-most entry, as naive
 * code does, would let any client choose its own address.
 *
 * <p>Entries are IP literals, optionally {@code ipv4:port} or {@code [ipv6]} / {@code [ipv6]:port}
 * (some proxies add ports). An entry the walk reaches that is anything else makes the whole header
 * unusable: the peer's address is used and the problem reported, never an exception.
 */
public final class ClientAddressResolver {

    /** Most trusted hops walked before giving up. */
    public static final int MAX_HOPS = 16;

    private final TrustedProxies trusted;

    public ClientAddressResolver(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /**
     * @param peer        the TCP peer's address bytes (4 or 16 used)
     * @param forwardedFor every {@code X-Forwarded-For} header value in order (empty if none)
     */
    public ClientAddress resolve(byte[] peer, int peerLen, List<String> forwardedFor) {
        if (forwardedFor.isEmpty() || !trusted.contains(peer, peerLen)) {
            return new ClientAddress(peer, peerLen, ClientAddress.Source.PEER, ForwardedForProblem.NONE);
        }
        // Several header lines are one comma-separated list, in order (RFC 9110 section 5.3).
        String all = forwardedFor.size() == 1 ? forwardedFor.get(0) : String.join(",", forwardedFor);
        if (all.isBlank()) {
            return new ClientAddress(peer, peerLen, ClientAddress.Source.PEER, ForwardedForProblem.NONE);
        }
        byte[] addr = new byte[16];
        int end = all.length();
        int hops = 0;
        int lastLen = -1;
        byte[] last = null;
        while (end >= 0) {
            int comma = all.lastIndexOf(',', end - 1);
            int len = parseEntry(all, comma + 1, end, addr);
            if (len < 0) {
                return new ClientAddress(peer, peerLen, ClientAddress.Source.PEER, ForwardedForProblem.MALFORMED);
            }
            if (!trusted.contains(addr, len)) {
                return new ClientAddress(addr, len, ClientAddress.Source.FORWARDED, ForwardedForProblem.NONE);
            }
            if (++hops > MAX_HOPS) {
                return new ClientAddress(peer, peerLen, ClientAddress.Source.PEER, ForwardedForProblem.TOO_MANY_HOPS);
            }
            last = addr;
            lastLen = len;
            addr = new byte[16];
            if (comma < 0) {
                break;
            }
            end = comma;
        }
        // Every hop is a trusted proxy: the request started at the left-most one.
        return new ClientAddress(last, lastLen, ClientAddress.Source.FORWARDED, ForwardedForProblem.NONE);
    }

    /** Parses {@code s[from, to)} (spaces around it allowed) into {@code out}; 4, 16 or negative. */
    static int parseEntry(String s, int from, int to, byte[] out) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        if (to - from == 0 || to - from > IpLiteral.MAX_LENGTH + 8) {
            return -1;
        }
        int hostFrom = from;
        int hostTo = to;
        if (s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to) {
                return -1;
            }
            hostFrom = from + 1;
            hostTo = close;
            if (close + 1 < to && !isPort(s, close + 1, to)) {
                return -1;
            }
            int len = IpLiteral.parse(s.subSequence(hostFrom, hostTo), out);
            return len == 16 ? len : -1;
        }
        int colon = -1;
        int colons = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ':') {
                colon = colons++ == 0 ? i : colon;
            }
        }
        if (colons == 1) {
            // Exactly one colon: an IPv4 address with a port.
            if (!isPort(s, colon, to)) {
                return -1;
            }
            int len = IpLiteral.parse(s.subSequence(hostFrom, colon), out);
            return len == 4 ? len : -1;
        }
        int len = IpLiteral.parse(s.subSequence(hostFrom, hostTo), out);
        return len < 0 ? -1 : len;
    }

    /** {@code s[at]} is ':' followed by 1-5 digits up to {@code to}, a port 1..65535. */
    private static boolean isPort(String s, int at, int to) {
        if (s.charAt(at) != ':' || to - at < 2 || to - at > 6) {
            return false;
        }
        int port = 0;
        for (int i = at + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
