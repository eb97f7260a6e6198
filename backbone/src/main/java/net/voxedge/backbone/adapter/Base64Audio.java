package net.voxedge.backbone.adapter;

/**
 * Standard base64 (RFC 4648 §4, with padding) decoding of a string straight into a caller's array.
 * The JDK decoder neither decodes a String into an existing array nor reports bad input other than
 * by throwing; audio arrives in every event, so this one does both without allocating.
 */
public final class Base64Audio {
    private static final byte[] VALUE = new byte[128];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Audio() {}

    /** Bytes that {@code text} decodes to if it is valid (for sizing), else a rough upper bound. */
    public static int decodedLength(CharSequence text) {
        int n = text.length();
        int pad = n > 0 && text.charAt(n - 1) == '=' ? (n > 1 && text.charAt(n - 2) == '=' ? 2 : 1) : 0;
        return n / 4 * 3 - pad;
    }

    /**
     * Decodes {@code text} into {@code out[0 ..]}; returns the byte count, or -1 if the text is not
     * canonical padded base64 or does not fit.
     */
    public static int decode(CharSequence text, byte[] out) {
        int n = text.length();
        if (n % 4 != 0) {
            return -1;
        }
        int o = 0;
        for (int i = 0; i < n; i += 4) {
            int a = value(text.charAt(i));
            int b = value(text.charAt(i + 1));
            char c3 = text.charAt(i + 2);
            char c4 = text.charAt(i + 3);
            boolean last = i + 4 == n;
            if (a < 0 || b < 0) {
                return -1;
            }
            if (last && c4 == '=') {
                if (c3 == '=') {
                    if ((b & 0x0F) != 0 || o + 1 > out.length) {
                        return -1;
                    }
                    out[o++] = (byte) (a << 2 | b >> 4);
                    return o;
                }
                int c = value(c3);
                if (c < 0 || (c & 0x03) != 0 || o + 2 > out.length) {
                    return -1;
                }
                out[o++] = (byte) (a << 2 | b >> 4);
                out[o++] = (byte) (b << 4 | c >> 2);
                return o;
            }
            int c = value(c3);
            int d = value(c4);
            if (c < 0 || d < 0 || o + 3 > out.length) {
                return -1;
            }
            out[o++] = (byte) (a << 2 | b >> 4);
            out[o++] = (byte) (b << 4 | c >> 2);
            out[o++] = (byte) (c << 6 | d);
        }
        return o;
    }

    private static int value(char ch) {
        return ch < 128 ? VALUE[ch] : -1;
    }
}
