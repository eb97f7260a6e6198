package net.voxedge.edge.relay;

import net.voxedge.edge.crypto.HmacSha256;

/**
 * Tags and checks relay frames (the frame's last {@link RelayFrame#TAG_LENGTH} bytes). One instance per
 * thread: it keeps one pre-keyed HMAC per key id, rebuilt only when a new {@link RelayKeys} is
 * published (a routing-key reload), so the per-frame path allocates nothing.
 */
public final class RelayMac {
    private final HmacSha256[] macs = new HmacSha256[16];
    private final byte[] tag = new byte[RelayFrame.TAG_LENGTH];
    private RelayKeys keys;

    private void use(RelayKeys k) {
        if (k == keys) {
            return;
        }
        for (int i = 0; i < 16; i++) {
            byte[] key = k.key(i);
            macs[i] = key == null ? null : new HmacSha256(key);
        }
        keys = k;
    }

    /**
     * Writes the tag after {@code b[off, off+len)}, whose key-id byte must name a key in {@code k}; returns
     * the frame's full length, or -1 when that key is unknown or there is no room.
     */
    public int seal(RelayKeys k, byte[] b, int off, int len) {
        use(k);
        if (len < RelayFrame.FIXED_HEADER || off < 0 || off > b.length - len - RelayFrame.TAG_LENGTH) {
            return -1;
        }
        int keyId = b[off + 2] & 0xFF;
        HmacSha256 mac = keyId < 16 ? macs[keyId] : null;
        if (mac == null) {
            return -1;
        }
        mac.update(b, off, len);
        mac.doFinal(b, off + len, RelayFrame.TAG_LENGTH);
        return len + RelayFrame.TAG_LENGTH;
    }

    /** Whether the tag at the end of the frame {@code b[off, off+len)} is right under the key its header names. */
    public boolean verify(RelayKeys k, byte[] b, int off, int len) {
        use(k);
        if (len < RelayFrame.FIXED_HEADER + RelayFrame.TAG_LENGTH || off < 0 || off > b.length - len) {
            return false;
        }
        int keyId = b[off + 2] & 0xFF;
        HmacSha256 mac = keyId < 16 ? macs[keyId] : null;
        if (mac == null) {
            return false;
        }
        int body = len - RelayFrame.TAG_LENGTH;
        mac.update(b, off, body);
        mac.doFinal(tag, 0, RelayFrame.TAG_LENGTH);
        int diff = 0;
        for (int i = 0; i < RelayFrame.TAG_LENGTH; i++) {
            diff |= tag[i] ^ b[off + body + i];
        }
        return diff == 0;
    }
}
