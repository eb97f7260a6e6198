package net.voxedge.edge.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Text form of a SHA-256 certificate fingerprint as SDP carries it (RFC 8122 section 5):
 * 32 bytes as two-digit hex separated by colons. We write uppercase and accept either case,
 * because RFC 8122 requires uppercase but some stacks send lowercase.
 */
final class Sha256Fingerprint {
    static final int LENGTH = 32;
    /** "AB" per byte plus a colon between bytes. */
    static final int TEXT_LENGTH = LENGTH * 3 - 1;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Sha256Fingerprint() {
    }

    static byte[] digest(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }

    static String format(byte[] fingerprint) {
        char[] out = new char[fingerprint.length * 3 - 1];
        for (int i = 0; i < fingerprint.length; i++) {
            int b = fingerprint[i] & 0xFF;
            int p = i * 3;
            if (i > 0) {
                out[p - 1] = ':';
            }
            out[p] = HEX[b >>> 4];
            out[p + 1] = HEX[b & 0x0F];
        }
        return new String(out);
    }

    /** The 32 bytes of {@code text}, or {@code null} if it is not a well-formed SHA-256 fingerprint. */
    static byte[] parse(CharSequence text) {
        if (text == null || text.length() != TEXT_LENGTH) {
            return null;
        }
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int p = i * 3;
            if (i > 0 && text.charAt(p - 1) != ':') {
                return null;
            }
            int hi = hexValue(text.charAt(p));
            int lo = hexValue(text.charAt(p + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
