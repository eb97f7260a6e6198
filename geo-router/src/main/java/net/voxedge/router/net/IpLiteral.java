package net.voxedge.router.net;

/**
 * A strict, exception-free parser of IPv4 and IPv6 address literals from untrusted text (the
 * {@code ip} query parameter). No DNS, no zone ids, no brackets, no legacy IPv4 forms
 * ({@code 1.2.3}, {@code 0x7f.1}, octal-looking {@code 010.1.1.1}): a string that is not
 * plainly one address is an error with a {@link Error reason}, so that "not an IP" is a clear
 * 400 and never a guess. Whatever this accepts, {@code InetAddress.ofLiteral} accepts with the
 * same bytes (the fuzz test checks).
 */
public final class IpLiteral {

    /** The longest literal accepted: a full IPv6 address with an embedded IPv4 tail. */
    public static final int MAX_LENGTH = 45;

    /** Why a string is not an address literal. */
    public enum Error {
        EMPTY("is empty"),
        TOO_LONG("is longer than any IP address (" + MAX_LENGTH + " characters)"),
        ZONE_ID("has a zone id (%...), which is meaningless off-link"),
        BRACKETS("has brackets: give the bare address"),
        BAD_IPV4("is not an IPv4 address (four decimal numbers 0-255, no leading zeros)"),
        BAD_IPV6("is not an IPv6 address (hex groups separated by ':', at most one '::')");

        private final String text;

        Error(String text) {
            this.text = text;
        }

        /** A phrase that completes "ip ... ". */
        public String text() {
            return text;
        }

        /** The error a negative {@link #parse} result stands for. */
        public static Error of(int code) {
            return values()[-code - 1];
        }

        int code() {
            return -ordinal() - 1;
        }
    }

    private IpLiteral() {
    }

    /**
     * Parses {@code s} into {@code out} (at least 16 bytes).
     *
     * @return 4 or 16: the number of address bytes written, network order; or a negative code
     *         for {@link Error#of}
     */
    public static int parse(CharSequence s, byte[] out) {
        if (s == null || s.isEmpty()) {
            return Error.EMPTY.code();
        }
        int len = s.length();
        if (len > MAX_LENGTH) {
            return Error.TOO_LONG.code();
        }
        boolean colon = false;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                return Error.ZONE_ID.code();
            }
            if (c == '[' || c == ']') {
                return Error.BRACKETS.code();
            }
            colon |= c == ':';
        }
        if (!colon) {
            return parseIpv4(s, 0, len, out, 0) ? 4 : Error.BAD_IPV4.code();
        }
        return parseIpv6(s, len, out) ? 16 : Error.BAD_IPV6.code();
    }

    /** Strict dotted quad in {@code s[from, to)} into {@code out[at, at+4)}. */
    private static boolean parseIpv4(CharSequence s, int from, int to, byte[] out, int at) {
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            out[at + part] = (byte) value;
        }
        return i == to;
    }

    private static boolean parseIpv6(CharSequence s, int len, byte[] out) {
        int n = 0;      // groups written so far, in order, at out[2n]
        int gap = -1;   // how many groups came before the "::"
        int i = 0;
        if (s.charAt(0) == ':') {
            if (len < 2 || s.charAt(1) != ':') {
                return false;
            }
            gap = 0;
            i = 2;
        }
        boolean ipv4Tail = false;
        while (i < len) {
            int start = i;
            int value = 0;
            while (i < len && i - start < 5) {
                int d = hex(s.charAt(i));
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                // The last 32 bits as a dotted quad (::ffff:192.0.2.1).
                if (n > 6 || !parseIpv4(s, start, len, out, 2 * n)) {
                    return false;
                }
                ipv4Tail = true;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || n == 8) {
                return false;
            }
            out[2 * n] = (byte) (value >>> 8);
            out[2 * n + 1] = (byte) value;
            n++;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
            } else if (i == len) {
                return false; // a single trailing ':'
            }
        }
        int total = n + (ipv4Tail ? 2 : 0);
        if (gap < 0) {
            return total == 8;
        }
        if (total > 7) {
            return false; // "::" stands for at least one group
        }
        // Slide what followed the "::" to the end and zero the groups it stands for.
        int zeros = 8 - total;
        System.arraycopy(out, 2 * gap, out, 2 * (gap + zeros), 2 * (total - gap));
        for (int b = 2 * gap; b < 2 * (gap + zeros); b++) {
            out[b] = 0;
        }
        return true;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
