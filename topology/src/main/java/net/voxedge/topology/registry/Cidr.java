package net.voxedge.topology.registry;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/** Checks that a client prefix is written as an IP literal and a prefix length ({@code 203.0.113.0/24}, {@code 2001:db8::/48}). */
final class Cidr {

    /** Four dotted decimal octets: the shorthand forms InetAddress accepts ({@code 10.1}) are not prefixes people write. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private Cidr() {
    }

    static boolean isValid(String text) {
        if (text == null || text.length() > 64) {
            return false;
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/') || slash == text.length() - 1 || text.length() - slash > 4) {
            return false;
        }
        String address = text.substring(0, slash);
        String bits = text.substring(slash + 1);
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) < '0' || bits.charAt(i) > '9') {
                return false;
            }
        }
        int length = Integer.parseInt(bits);
        if (address.indexOf(':') >= 0) {
            // IPv6: the plain literal only (no brackets, no zone).
            if (address.indexOf('[') >= 0 || address.indexOf(']') >= 0 || address.indexOf('%') >= 0) {
                return false;
            }
            try {
                // ofLiteral never resolves a name: a prefix text cannot trigger DNS.
                return InetAddress.ofLiteral(address) instanceof Inet6Address && length <= 128;
            } catch (IllegalArgumentException notALiteral) {
                return false;
            }
        }
        return IPV4.matcher(address).matches() && octetsInRange(address) && length <= 32;
    }

    private static boolean octetsInRange(String address) {
        for (String octet : address.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
