package net.voxedge.topology;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Parses IP literals and {@code ip:port} / {@code [ipv6]:port} strings without ever touching
 * DNS: media and gateway addresses must be what clients and routers really use.
 */
final class Addresses {

    private Addresses() {
    }

    /** The address, or null if {@code s} is not an IPv4/IPv6 literal. */
    static InetAddress ipLiteral(String s) {
        if (s.isEmpty() || s.startsWith("[")) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why {@code s} is not a valid {@code ip:port}, or null if it is. */
    static String socketAddressError(String s) {
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                return "must be [ipv6]:port (got \"" + s + "\")";
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
            if (!host.contains(":")) {
                return "brackets are only for IPv6 literals (got \"" + s + "\")";
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                return "must be ip:port (got \"" + s + "\")";
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.contains(":")) {
                return "an IPv6 address needs brackets: [ipv6]:port (got \"" + s + "\")";
            }
        }
        if (ipLiteral(host) == null) {
            return "must be an IP literal with a port, not a host name (got \"" + s + "\")";
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return "port must be between 1 and 65535 (got \"" + s + "\")";
        }
        return null;
    }

    /** The socket address of a string that {@link #socketAddressError} accepted. */
    static InetSocketAddress socketAddress(String s) {
        int colon = s.lastIndexOf(':');
        String host = s.startsWith("[") ? s.substring(1, colon - 1) : s.substring(0, colon);
        return new InetSocketAddress(ipLiteral(host), Integer.parseInt(s.substring(colon + 1)));
    }
}
