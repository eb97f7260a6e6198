package net.voxedge.edge.token;

import java.util.Base64;
import java.util.function.Supplier;
import net.voxedge.edge.crypto.HmacSha256;

/**
 * Mints and verifies the signed routing token that serves as our ICE ufrag: any worker at any PoP can tell from
 * a Binding request's USERNAME which PoP and host own the session, without a lookup, and nobody can forge a route.
 *
 * <p>Token bytes (24): {@code version(4 bits) | keyId(4 bits)}, popId (2), hostId (1), sessionId (8),
 * expiry as unsigned 32-bit Unix seconds (4), then the first {@value #MAC_LENGTH} bytes of HMAC-SHA256 over the
 * 16 bytes before it. Encoded as unpadded standard base64 that is exactly {@value #UFRAG_LENGTH} characters, all of
 * them ice-chars (RFC 8839: ALPHA / DIGIT / "+" / "/"), well inside the 4..256 a ufrag may have and leaving
 * USERNAME room for any client ufrag. A 64-bit tag means a forger needs on the order of 2^63 packets per success.
 *
 * <p>One instance per worker thread: {@link #verify} decodes into scratch arrays held here and uses one keyed
 * {@link HmacSha256} per key id, so it is not thread-safe and allocates nothing. Keys come from a supplier read on
 * every call; when it returns a new {@link RoutingKeys} instance the HMACs are re-keyed (the first use of a key id
 * allocates its HMAC).
 */
public final class RoutingTokenCodec {
    /** The layout version in the top four bits of the first byte. */
    public static final int VERSION = 1;
    /** Bytes covered by the MAC. */
    public static final int PAYLOAD_LENGTH = 16;
    /** Bytes of truncated HMAC-SHA256 appended to the payload. */
    public static final int MAC_LENGTH = 8;
    /** Token length before base64. */
    public static final int TOKEN_LENGTH = PAYLOAD_LENGTH + MAC_LENGTH;
    /** Length of the ufrag: 24 bytes are exactly 32 base64 characters, no padding. */
    public static final int UFRAG_LENGTH = TOKEN_LENGTH / 3 * 4;
    /** Largest expiry the 32-bit field holds. */
    public static final long MAX_EXPIRY_EPOCH_SECONDS = 0xFFFF_FFFFL;

    private static final byte[] BASE64_VALUE = base64DecodeTable();

    private final Supplier<RoutingKeys> keySource;
    private final HmacSha256[] macs = new HmacSha256[RoutingKeys.MAX_KEY_ID + 1];
    private final byte[] token = new byte[TOKEN_LENGTH];
    private final byte[] tag = new byte[MAC_LENGTH];
    private RoutingKeys keyedWith;

    /** A codec with a fixed key set (tests, tools). */
    public RoutingTokenCodec(RoutingKeys keys) {
        this(() -> keys);
    }

    /**
     * A codec that follows key rotation: {@code keySource} is asked on every mint and verify (typically
     * {@code atomicReference::get}) and must never return null.
     */
    public RoutingTokenCodec(Supplier<RoutingKeys> keySource) {
        this.keySource = keySource;
        currentKeys();
    }

    /**
     * Mints a ufrag for a session under the current key. Signaling path only: it allocates the String.
     *
     * @throws IllegalArgumentException when a field does not fit its width
     */
    public String mint(int popId, int hostId, long sessionId, long expiresAtEpochSeconds) {
        if (popId < 0 || popId > 0xFFFF) {
            throw new IllegalArgumentException("popId is 0..65535: " + popId);
        }
        if (hostId < 0 || hostId > 0xFF) {
            throw new IllegalArgumentException("hostId is 0..255: " + hostId);
        }
        if (expiresAtEpochSeconds < 0 || expiresAtEpochSeconds > MAX_EXPIRY_EPOCH_SECONDS) {
            throw new IllegalArgumentException("expiry must fit an unsigned 32-bit field: " + expiresAtEpochSeconds);
        }
        RoutingKeys keys = currentKeys();
        int keyId = keys.currentKeyId();
        byte[] t = new byte[TOKEN_LENGTH];
        t[0] = (byte) (VERSION << 4 | keyId);
        t[1] = (byte) (popId >>> 8);
        t[2] = (byte) popId;
        t[3] = (byte) hostId;
        for (int i = 0; i < 8; i++) {
            t[4 + i] = (byte) (sessionId >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            t[12 + i] = (byte) (expiresAtEpochSeconds >>> (24 - 8 * i));
        }
        computeMac(macs[keyId], t);
        System.arraycopy(tag, 0, t, PAYLOAD_LENGTH, MAC_LENGTH);
        return Base64.getEncoder().withoutPadding().encodeToString(t);
    }

    /**
     * Verifies a ufrag read straight from a datagram ({@code buf[off, off+len)}, ASCII) and fills {@code out} when
     * the MAC is good (verdict OK or EXPIRED); otherwise {@code out} is cleared. Never throws on any bytes.
     *
     * @param nowEpochSeconds the current Unix time in seconds; the token is expired from its expiry second on
     */
    public TokenVerdict verify(byte[] buf, int off, int len, long nowEpochSeconds, RoutingToken out) {
        out.clear();
        if (buf == null || off < 0 || len != UFRAG_LENGTH || off > buf.length - len || !decode(buf, off)) {
            return TokenVerdict.MALFORMED;
        }
        if ((token[0] & 0xFF) >>> 4 != VERSION) {
            return TokenVerdict.MALFORMED;
        }
        int keyId = token[0] & 0x0F;
        RoutingKeys keys = currentKeys();
        if (!keys.hasKey(keyId)) {
            return TokenVerdict.UNKNOWN_KEY;
        }
        computeMac(macs[keyId], token);
        int diff = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            diff |= tag[i] ^ token[PAYLOAD_LENGTH + i]; // no early exit: timing must not reveal a prefix match
        }
        if (diff != 0) {
            return TokenVerdict.BAD_MAC;
        }
        long sessionId = 0;
        for (int i = 0; i < 8; i++) {
            sessionId = sessionId << 8 | (token[4 + i] & 0xFF);
        }
        long expiry = 0;
        for (int i = 0; i < 4; i++) {
            expiry = expiry << 8 | (token[12 + i] & 0xFF);
        }
        out.set(keyId, (token[1] & 0xFF) << 8 | (token[2] & 0xFF), token[3] & 0xFF, sessionId, expiry);
        return nowEpochSeconds >= expiry ? TokenVerdict.EXPIRED : TokenVerdict.OK;
    }

    /** Decodes exactly {@link #UFRAG_LENGTH} base64 characters into {@link #token}; false on any other character. */
    private boolean decode(byte[] buf, int off) {
        int bad = 0;
        for (int group = 0; group < TOKEN_LENGTH / 3; group++) {
            int bits = 0;
            for (int i = 0; i < 4; i++) {
                int c = buf[off + group * 4 + i] & 0xFF;
                int v = c < 128 ? BASE64_VALUE[c] : -1;
                bad |= v; // any -1 sets the sign bit
                bits = bits << 6 | (v & 0x3F);
            }
            token[group * 3] = (byte) (bits >>> 16);
            token[group * 3 + 1] = (byte) (bits >>> 8);
            token[group * 3 + 2] = (byte) bits;
        }
        return bad >= 0;
    }

    /** The truncated HMAC-SHA256 of the payload into {@link #tag}. */
    private void computeMac(HmacSha256 mac, byte[] payload) {
        mac.update(payload, 0, PAYLOAD_LENGTH);
        mac.doFinal(tag, 0, MAC_LENGTH);
    }

    private RoutingKeys currentKeys() {
        RoutingKeys keys = keySource.get();
        if (keys != keyedWith) {
            rekey(keys);
        }
        return keys;
    }

    private void rekey(RoutingKeys keys) {
        for (int id = 0; id <= RoutingKeys.MAX_KEY_ID; id++) {
            if (!keys.hasKey(id)) {
                continue;
            }
            if (macs[id] == null) {
                macs[id] = new HmacSha256(keys.secret(id));
            } else {
                macs[id].rekey(keys.secret(id));
            }
        }
        keyedWith = keys;
    }

    private static byte[] base64DecodeTable() {
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            table[alphabet.charAt(i)] = (byte) i;
        }
        return table;
    }
}
