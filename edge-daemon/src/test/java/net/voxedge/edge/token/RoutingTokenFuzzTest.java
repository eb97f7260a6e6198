package net.voxedge.edge.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer targets for {@link RoutingTokenCodec#verify}: it never throws, nothing the fuzzer makes up verifies, and
 * a minted token stops verifying as soon as any of its bytes changes.
 */
class RoutingTokenFuzzTest {
    private static final RoutingKeys KEYS = RoutingKeys.of(1, RoutingTokenCodecTest.SECRET_1)
            .withKey(2, RoutingTokenCodecTest.SECRET_2);
    private static final RoutingTokenCodec CODEC = new RoutingTokenCodec(KEYS);
    private static final RoutingToken OUT = new RoutingToken();

    /** Any bytes, whole and as every 32-byte window: never an exception, never an authentic token. */
    @FuzzTest(maxDuration = "60s")
    void randomInputNeverVerifies(byte[] input) {
        assertRejected(CODEC.verify(input, 0, input.length, 0, OUT));
        for (int off = 0; off + RoutingTokenCodec.UFRAG_LENGTH <= input.length; off++) {
            assertRejected(CODEC.verify(input, off, RoutingTokenCodec.UFRAG_LENGTH, 0, OUT));
        }
    }

    /** A real token with fuzzer-chosen bytes XORed in verifies only when the XOR changed nothing. */
    @FuzzTest(maxDuration = "60s")
    void tamperedTokenNeverVerifies(FuzzedDataProvider data) {
        String ufrag = CODEC.mint(data.consumeInt(0, 0xFFFF), data.consumeInt(0, 0xFF), data.consumeLong(),
                data.consumeLong(1, RoutingTokenCodec.MAX_EXPIRY_EPOCH_SECONDS));
        byte[] bytes = ufrag.getBytes(StandardCharsets.US_ASCII);
        byte[] mask = data.consumeRemainingAsBytes();
        boolean changed = false;
        for (int i = 0; i < Math.min(mask.length, bytes.length); i++) {
            bytes[i] ^= mask[i];
            changed |= mask[i] != 0;
        }
        TokenVerdict v = CODEC.verify(bytes, 0, bytes.length, 0, OUT);
        if (changed) {
            assertRejected(v);
        } else {
            assertThat(v).isEqualTo(TokenVerdict.OK);
        }
    }

    private static void assertRejected(TokenVerdict v) {
        assertThat(v).isNotNull().isNotIn(TokenVerdict.OK, TokenVerdict.EXPIRED);
        assertThat(OUT.sessionId()).isZero();
        assertThat(OUT.popId()).isZero();
    }
}
