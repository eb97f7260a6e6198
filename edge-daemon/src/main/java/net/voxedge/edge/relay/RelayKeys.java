package net.voxedge.edge.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.voxedge.edge.crypto.HmacSha256;

/**
 * The keys relay frames are tagged with, by key id: each is derived from the routing key of the same
 * id (HMAC-SHA256(routing secret, "voxedge relay frame v1")), so every host that verifies routing
 * tokens can also check relay frames, rotation follows the routing keys, and a relay key can never
 * pass as a routing key. Immutable; a reload builds a new instance.
 */
public final class RelayKeys {
    private static final byte[] LABEL = "voxedge relay frame v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] keys = new byte[16][];
    private final int currentKeyId;

    private RelayKeys(int currentKeyId) {
        this.currentKeyId = currentKeyId;
    }

    /** Derives one relay key per routing key; {@code currentKeyId} (a listed id) tags outgoing frames. */
    public static RelayKeys derive(Map<Integer, byte[]> routingSecrets, int currentKeyId) {
        RelayKeys k = new RelayKeys(currentKeyId);
        for (Map.Entry<Integer, byte[]> e : routingSecrets.entrySet()) {
            int id = e.getKey();
            if (id < 0 || id > 15) {
                throw new IllegalArgumentException("key ids are 0..15: " + id);
            }
            HmacSha256 mac = new HmacSha256(e.getValue());
            mac.update(LABEL, 0, LABEL.length);
            byte[] key = new byte[HmacSha256.MAC_LENGTH];
            mac.doFinal(key, 0);
            k.keys[id] = key;
        }
        if (k.keys[currentKeyId] == null) {
            throw new IllegalArgumentException("current key " + currentKeyId + " is not listed");
        }
        return k;
    }

    public int currentKeyId() {
        return currentKeyId;
    }

    /** The derived key for {@code keyId}, or null when it is not listed. Not copied. */
    byte[] key(int keyId) {
        return keyId >= 0 && keyId < 16 ? keys[keyId] : null;
    }
}
