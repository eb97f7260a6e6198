package net.voxedge.edge.sdp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as carried by a=fingerprint (RFC 8122): a hash algorithm name and
 * the digest. Immutable; the digest is copied in and out.
 */
public final class Fingerprint {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final String algorithm;
    private final byte[] digest;

    private Fingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /**
     * A fingerprint from an algorithm name (any case) and a digest.
     *
     * @throws IllegalArgumentException when the name is not an SDP token, or the digest length does
     *     not match a known algorithm
     */
    public static Fingerprint of(String algorithm, byte[] digest) {
        String alg = algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT);
        if (!SdpSyntax.isToken(alg)) {
            throw new IllegalArgumentException("fingerprint algorithm must be a token like sha-256");
        }
        if (digest == null || digest.length == 0 || digest.length > 64) {
            throw new IllegalArgumentException("fingerprint digest must be 1 to 64 bytes");
        }
        int expected = expectedLength(alg);
        if (expected > 0 && digest.length != expected) {
            throw new IllegalArgumentException(alg + " fingerprint must be " + expected + " bytes, not " + digest.length);
        }
        return new Fingerprint(alg, digest.clone());
    }

    /**
     * Parses the value of an a=fingerprint attribute, e.g. {@code sha-256 AB:CD:...}. Any
     * algorithm name is accepted here (see {@link #isSupported()}); the digest must be
     * colon-separated hex byte pairs of the length the algorithm produces.
     */
    public static Fingerprint parse(String value) throws SdpException {
        String v = value == null ? "" : value.strip();
        int space = v.indexOf(' ');
        if (space < 0) {
            throw new SdpException("a=fingerprint needs an algorithm and a digest, e.g. sha-256 AB:CD:...");
        }
        String alg = v.substring(0, space).toLowerCase(Locale.ROOT);
        String hex = v.substring(space + 1).strip();
        if (!SdpSyntax.isToken(alg)) {
            throw new SdpException("a=fingerprint algorithm " + SdpSyntax.quote(alg) + " is not a valid name");
        }
        byte[] digest = parseHexPairs(hex);
        if (digest == null) {
            throw new SdpException("a=fingerprint " + alg + " digest is not colon-separated hex byte pairs");
        }
        int expected = expectedLength(alg);
        if (expected > 0 && digest.length != expected) {
            throw new SdpException("a=fingerprint " + alg + " digest has " + digest.length + " bytes, expected " + expected);
        }
        return new Fingerprint(alg, digest);
    }

    private static byte[] parseHexPairs(String hex) {
        // "AB" or "AB:CD:..." : 3n-1 characters for n bytes, at most 64 bytes.
        if (hex.length() < 2 || hex.length() > 64 * 3 - 1 || (hex.length() + 1) % 3 != 0) {
            return null;
        }
        byte[] out = new byte[(hex.length() + 1) / 3];
        for (int i = 0; i < out.length; i++) {
            int p = i * 3;
            int hi = Character.digit(hex.charAt(p), 16);
            int lo = Character.digit(hex.charAt(p + 1), 16);
            if (hi < 0 || lo < 0 || (p + 2 < hex.length() && hex.charAt(p + 2) != ':')) {
                return null;
            }
            // Character.digit accepts non-ASCII digits; only 0-9a-fA-F are hex here.
            if (hex.charAt(p) > 'f' || hex.charAt(p + 1) > 'f') {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** Digest length of the RFC 8122 hash names we know, or 0 for others. */
    private static int expectedLength(String alg) {
        return switch (alg) {
            case "md2", "md5" -> 16;
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> 0;
        };
    }

    /** True for the algorithms this server verifies certificates with: sha-256, sha-384, sha-512. */
    public boolean isSupported() {
        return algorithm.equals("sha-256") || algorithm.equals("sha-384") || algorithm.equals("sha-512");
    }

    /** The algorithm name in lower case, e.g. {@code sha-256}. */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return digest.clone();
    }

    /** The digest as upper-case colon-separated hex, e.g. {@code AB:CD:...}. */
    public String hex() {
        StringBuilder sb = new StringBuilder(digest.length * 3);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HEX.toHexDigits(digest[i]));
        }
        return sb.toString();
    }

    /** True when {@code candidate} is the digest of this fingerprint (constant time). */
    public boolean matches(byte[] candidate) {
        return candidate != null && java.security.MessageDigest.isEqual(digest, candidate);
    }

    /** The attribute value: {@code <algorithm> <hex>}. */
    public String toSdpValue() {
        return algorithm + " " + hex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.algorithm.equals(algorithm) && Arrays.equals(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }
}
