package net.voxedge.edge.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The key set's rules: ids 0..15, secrets of at least 16 bytes, the current key always present and never replaced. */
class RoutingKeysTest {
    private static final byte[] SECRET = RoutingTokenCodecTest.SECRET_1;

    @Test
    void rotationStepsKeepTheCurrentKeyListed() {
        RoutingKeys keys = RoutingKeys.of(3, SECRET);
        assertThat(keys.currentKeyId()).isEqualTo(3);
        assertThat(keys.hasKey(3)).isTrue();
        assertThat(keys.hasKey(4)).isFalse();

        RoutingKeys rotated = keys.withKey(4, RoutingTokenCodecTest.SECRET_2).withCurrentKey(4).withoutKey(3);
        assertThat(rotated.currentKeyId()).isEqualTo(4);
        assertThat(rotated.hasKey(3)).isFalse();
        assertThat(keys.hasKey(3)).as("the old instance is unchanged").isTrue();
        assertThat(keys.hasKey(4)).isFalse();
    }

    @Test
    void invalidKeySetsAreRefused() {
        RoutingKeys keys = RoutingKeys.of(0, SECRET);
        assertThatThrownBy(() -> RoutingKeys.of(16, SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingKeys.of(-1, SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingKeys.of(0, new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingKeys.of(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.withoutKey(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.withKey(0, RoutingTokenCodecTest.SECRET_2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.withCurrentKey(5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(keys.hasKey(99)).isFalse();
        assertThat(keys.hasKey(-1)).isFalse();
    }

    @Test
    void theSecretIsCopiedAndNeverPrinted() {
        byte[] secret = SECRET.clone();
        RoutingKeys keys = RoutingKeys.of(7, secret);
        String ufrag = new RoutingTokenCodec(keys).mint(1, 1, 1, 2_000_000_000L);
        secret[0] ^= 1;

        RoutingToken out = new RoutingToken();
        byte[] b = ufrag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(new RoutingTokenCodec(keys).verify(b, 0, b.length, 0, out)).isEqualTo(TokenVerdict.OK);
        assertThat(keys.toString()).isEqualTo("RoutingKeys[current=7, ids=[7]]");
    }
}
