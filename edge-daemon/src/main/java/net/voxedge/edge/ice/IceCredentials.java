package net.voxedge.edge.ice;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.stun.ShortTermCredentialMac;

/**
 * One generation of ICE credentials (they change on ICE restart): the USERNAME a peer's check must carry and
 * the HMAC keyed with our password that its MESSAGE-INTEGRITY must verify under.
 */
final class IceCredentials {
    private static final int MAX_LENGTH = 256;
    private static final int MIN_UFRAG_LENGTH = 4;
    private static final int MIN_PASSWORD_LENGTH = 22;

    final String localUfrag;
    final String remoteUfrag;
    final String remotePassword;
    final HmacSha1 integrity;
    /** "localUfrag:" in ASCII. */
    private final byte[] usernamePrefix;
    /** The remote ufrag in ASCII, or null to accept any. */
    private final byte[] remoteUfragBytes;

    IceCredentials(String localUfrag, String localPassword, String remoteUfrag, String remotePassword) {
        checkIceChars("local ufrag", localUfrag, MIN_UFRAG_LENGTH);
        checkIceChars("local password", localPassword, MIN_PASSWORD_LENGTH);
        if (remoteUfrag != null) {
            checkIceChars("remote ufrag", remoteUfrag, MIN_UFRAG_LENGTH);
        }
        this.localUfrag = localUfrag;
        this.remoteUfrag = remoteUfrag;
        this.remotePassword = remotePassword;
        this.integrity = ShortTermCredentialMac.create(localPassword);
        this.usernamePrefix = (localUfrag + ":").getBytes(StandardCharsets.US_ASCII);
        this.remoteUfragBytes = remoteUfrag == null ? null : remoteUfrag.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether {@code buf[off, off+len)} is "localUfrag:remoteUfrag" (RFC 8445 §7.3). Without a known remote ufrag
     * any non-empty remote part is accepted: the password still authenticates the check.
     */
    boolean usernameMatches(byte[] buf, int off, int len) {
        int prefix = usernamePrefix.length;
        if (len <= prefix || !Arrays.equals(buf, off, off + prefix, usernamePrefix, 0, prefix)) {
            return false;
        }
        if (remoteUfragBytes == null) {
            return true;
        }
        return len == prefix + remoteUfragBytes.length
                && Arrays.equals(buf, off + prefix, off + len, remoteUfragBytes, 0, remoteUfragBytes.length);
    }

    /** RFC 8839 §5.4: ufrag and pwd are ice-chars (ALPHA / DIGIT / "+" / "/"), ufrag 4..256, pwd 22..256. */
    private static void checkIceChars(String what, String value, int minLength) {
        if (value == null || value.length() < minLength || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + minLength + ".." + MAX_LENGTH + " ice-chars");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean iceChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!iceChar) {
                throw new IllegalArgumentException(what + " has a character outside ice-chars at index " + i);
            }
        }
    }
}
