package net.voxedge.edge.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A literal IP address and port, written {@code 127.0.0.1:3478} or {@code [::1]:3478}. */
public record HostPort(InetAddress address, int port) {

    /** Parses a literal address (never a DNS name: config must not depend on resolvers at start). */
    public static HostPort parse(String text, String what) {
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new ConfigException(what + ": '" + text + "' is not [ipv6]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new ConfigException(what + ": '" + text + "' is not ip:port (write IPv6 as [addr]:port)");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ConfigException(what + ": port '" + portText + "' in '" + text + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(what + ": port " + port + " in '" + text + "' is out of range");
        }
        if (!isIpLiteral(host)) {
            throw new ConfigException(what + ": '" + host + "' is not an IP address literal");
        }
        try {
            return new HostPort(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConfigException(what + ": '" + host + "' is not an IP address");
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    public boolean isLoopback() {
        return address.isLoopbackAddress();
    }

    @Override
    public String toString() {
        String h = address.getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
    }
}
