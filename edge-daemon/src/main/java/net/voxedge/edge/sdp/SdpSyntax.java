package net.voxedge.edge.sdp;

/** Character-class and number checks shared by the offer parser and the answer builder. */
final class SdpSyntax {

    private SdpSyntax() {
    }

    /** RFC 4566 token-char. */
    static boolean isTokenChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
    }

    /** A non-empty RFC 4566 token. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4566 proto: token *("/" token). */
    static boolean isProto(String s) {
        if (s == null || s.isEmpty() || s.startsWith("/") || s.endsWith("/") || s.contains("//")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '/' && !isTokenChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChars(String s, int minLength, int maxLength) {
        if (s == null || s.length() < minLength || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A decimal number of at most 10 digits, no sign, within [min, max]; -1 otherwise
     * (so callers must use min >= 0).
     */
    static long parseNumber(String s, long min, long max) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v >= min && v <= max ? v : -1;
    }

    /** Quotes a piece of untrusted input for an error message, shortened and with odd characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > n) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
