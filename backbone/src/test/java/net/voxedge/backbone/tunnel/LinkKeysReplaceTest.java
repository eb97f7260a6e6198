package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LinkKeys#replaceWith}: a reloaded key set walks the rotation steps, and a bad set changes nothing. */
class LinkKeysReplaceTest {
    private static final byte[] S1 = "secret-one-0123456789".getBytes();
    private static final byte[] S2 = "secret-two-0123456789".getBytes();
    private static final byte[] S3 = "secret-three-01234567".getBytes();

    @Test
    void installActivateRetireAsTheConfigurationSays() {
        LinkKeys k = new LinkKeys(LinkRole.EDGE, 7);
        k.replaceWith(Map.of(1, S1), 1);
        assertThat(k.installedKeyIds()).containsExactly(1);
        assertThat(k.currentKeyId()).isEqualTo(1);

        k.replaceWith(Map.of(1, S1, 2, S2), 1); // step 1: install the new id, still sealing with the old
        assertThat(k.installedKeyIds()).containsExactly(1, 2);
        assertThat(k.currentKeyId()).isEqualTo(1);

        k.replaceWith(Map.of(1, S1, 2, S2), 2); // step 2: activate it
        assertThat(k.currentKeyId()).isEqualTo(2);

        k.replaceWith(Map.of(2, S2), 2); // step 3: retire the old one
        assertThat(k.installedKeyIds()).containsExactly(2);
        assertThat(k.isInstalled(1)).isFalse();

        k.replaceWith(Map.of(3, S3), 3); // all at once: the old current key goes after the new one is active
        assertThat(k.installedKeyIds()).containsExactly(3);
        assertThat(k.currentKeyId()).isEqualTo(3);
    }

    @Test
    void aBadSetIsRefusedWithItsReasonAndNothingChanges() {
        LinkKeys k = new LinkKeys(LinkRole.CLUSTER, 7);
        k.replaceWith(Map.of(1, S1, 2, S2), 1);
        assertRefused(k, Map.of(), 1, "1..4 key ids");
        assertRefused(k, Map.of(1, S1, 2, S2), 3, "current key id 3 is not among");
        assertRefused(k, Map.of(1, S1, 5, "short".getBytes()), 1, "at least 16 bytes");
        assertRefused(k, Map.of(1, S1, 256, S3), 1, "outside 0..255");
        assertRefused(k, Map.of(1, S1, 2, S2, 3, S3, 4, S3, 5, S3), 1, "1..4 key ids");
        // four new ids while the current key 1 still holds a slot: five at once
        assertRefused(k, Map.of(2, S2, 3, S3, 4, S3, 5, S3), 2, "more than 4");
    }

    private static void assertRefused(LinkKeys k, Map<Integer, byte[]> set, int current, String reason) {
        int[] before = k.installedKeyIds();
        int currentBefore = k.currentKeyId();
        assertThatThrownBy(() -> k.replaceWith(set, current)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
        assertThat(k.installedKeyIds()).isEqualTo(before);
        assertThat(k.currentKeyId()).isEqualTo(currentBefore);
    }
}
