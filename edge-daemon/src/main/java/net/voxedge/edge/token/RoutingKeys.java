package net.voxedge.edge.token;

import java.util.Arrays;

/**
 * The secrets routing tokens are signed with, by key id (0..15). Tokens are minted under the current key and
 * verified under any listed key, so keys rotate without breaking live sessions: add the new key, make it
 * current once every host has it, remove the old one after the longest token lifetime.
 *
 * <p>Immutable: a rotation builds a new instance, and the IO layer publishes it (an {@code AtomicReference} or
 * volatile field) for the codecs to pick up.
 */
public final class RoutingKeys {
    /** Key ids are 4 bits in the token. */
    public static final int MAX_KEY_ID = 15;
    /** HMAC-SHA256 keys shorter than this are too weak for a token anyone on the internet can try to forge. */
    public static final int MIN_SECRET_LENGTH = 16;

    private final byte[][] secrets;
    private final int currentKeyId;

    private RoutingKeys(byte[][] secrets, int currentKeyId) {
        this.secrets = secrets;
        this.currentKeyId = currentKeyId;
    }

    /** A key set holding one key, which is also the current one. */
    public static RoutingKeys of(int keyId, byte[] secret) {
        return new RoutingKeys(new byte[MAX_KEY_ID + 1][], -1).withKey(keyId, secret).withCurrentKey(keyId);
    }

    /** A copy with {@code secret} listed under {@code keyId} (replacing any secret there); the current key is kept. */
    public RoutingKeys withKey(int keyId, byte[] secret) {
        checkKeyId(keyId);
        if (secret == null || secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("a routing key secret needs at least " + MIN_SECRET_LENGTH + " bytes");
        }
        if (keyId == currentKeyId) {
            throw new IllegalArgumentException("key " + keyId + " is current: replacing it would invalidate every "
                    + "live token; add the new secret under another id");
        }
        byte[][] copy = secrets.clone();
        copy[keyId] = secret.clone();
        return new RoutingKeys(copy, currentKeyId);
    }

    /** A copy that mints under {@code keyId}, which must be listed. */
    public RoutingKeys withCurrentKey(int keyId) {
        checkKeyId(keyId);
        if (secrets[keyId] == null) {
            throw new IllegalArgumentException("key " + keyId + " is not listed");
        }
        return new RoutingKeys(secrets, keyId);
    }

    /** A copy without {@code keyId}: tokens minted under it stop verifying. The current key cannot be removed. */
    public RoutingKeys withoutKey(int keyId) {
        checkKeyId(keyId);
        if (keyId == currentKeyId) {
            throw new IllegalArgumentException("key " + keyId + " is current; make another key current first");
        }
        byte[][] copy = secrets.clone();
        copy[keyId] = null;
        return new RoutingKeys(copy, currentKeyId);
    }

    /** The key id new tokens are minted under. */
    public int currentKeyId() {
        return currentKeyId;
    }

    /** Whether tokens under {@code keyId} can be verified; false for ids outside 0..15. */
    public boolean hasKey(int keyId) {
        return keyId >= 0 && keyId <= MAX_KEY_ID && secrets[keyId] != null;
    }

    /** The secret for a listed key id; not copied, so it never leaves this package. */
    byte[] secret(int keyId) {
        return secrets[keyId];
    }

    private static void checkKeyId(int keyId) {
        if (keyId < 0 || keyId > MAX_KEY_ID) {
            throw new IllegalArgumentException("key ids are 0.." + MAX_KEY_ID + ": " + keyId);
        }
    }

    /** Lists the key ids only: secrets must never reach a log. */
    @Override
    public String toString() {
        int[] ids = new int[MAX_KEY_ID + 1];
        int n = 0;
        for (int i = 0; i <= MAX_KEY_ID; i++) {
            if (secrets[i] != null) {
                ids[n++] = i;
            }
        }
        return "RoutingKeys[current=" + currentKeyId + ", ids=" + Arrays.toString(Arrays.copyOf(ids, n)) + "]";
    }
}
