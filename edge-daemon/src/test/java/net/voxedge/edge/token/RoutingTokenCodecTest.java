package net.voxedge.edge.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Minting and verifying routing tokens: round trips, tampering, expiry and key rotation. */
class RoutingTokenCodecTest {
    static final byte[] SECRET_1 = "first-routing-secret-32-bytes!!!".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SECRET_2 = "second-routing-secret-32-bytes!!".getBytes(StandardCharsets.US_ASCII);
    private static final long NOW = 1_800_000_000L;

    private final RoutingKeys keys = RoutingKeys.of(1, SECRET_1);
    private final RoutingTokenCodec codec = new RoutingTokenCodec(keys);
    private final RoutingToken out = new RoutingToken();

    @Test
    void aMintedTokenVerifiesAndCarriesItsFields() {
        String ufrag = codec.mint(65535, 255, 0xFEDC_BA98_7654_3210L, NOW + 3600);

        assertThat(verify(ufrag, NOW)).isEqualTo(TokenVerdict.OK);
        assertThat(out.keyId()).isEqualTo(1);
        assertThat(out.popId()).isEqualTo(65535);
        assertThat(out.hostId()).isEqualTo(255);
        assertThat(out.sessionId()).isEqualTo(0xFEDC_BA98_7654_3210L);
        assertThat(out.expiresAtEpochSeconds()).isEqualTo(NOW + 3600);
    }

    @Test
    void theUfragIs32IceChars() {
        for (long session = 0; session < 200; session++) {
            String ufrag = codec.mint((int) session * 300, (int) session, session * 0x9E37_79B9_7F4A_7C15L, NOW);
            assertThat(ufrag).hasSize(RoutingTokenCodec.UFRAG_LENGTH).matches("[A-Za-z0-9+/]{32}");
        }
    }

    @Test
    void theLayoutIsTheDocumentedOne() throws Exception {
        String ufrag = codec.mint(0x0102, 0x03, 0x0405_0607_0809_0A0BL, 0x0C0D_0E0FL);
        byte[] t = Base64.getDecoder().decode(ufrag);

        assertThat(Arrays.copyOf(t, 16)).containsExactly(0x11, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET_1, "HmacSHA256"));
        byte[] tag = mac.doFinal(Arrays.copyOf(t, 16));
        assertThat(Arrays.copyOfRange(t, 16, 24)).isEqualTo(Arrays.copyOf(tag, 8));
    }

    @Test
    void flippingAnySingleBitOfTheUfragIsRejected() {
        byte[] ufrag = ascii(codec.mint(42, 7, 123456789L, NOW + 60));
        for (int bit = 0; bit < ufrag.length * 8; bit++) {
            byte[] tampered = ufrag.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            TokenVerdict v = codec.verify(tampered, 0, tampered.length, NOW, out);
            assertThat(v).as("bit %d", bit).isIn(TokenVerdict.MALFORMED, TokenVerdict.UNKNOWN_KEY, TokenVerdict.BAD_MAC);
            assertThat(out.sessionId()).isZero();
        }
    }

    @Test
    void flippingAnySingleBitOfTheTokenBytesIsRejected() {
        byte[] token = Base64.getDecoder().decode(codec.mint(42, 7, 123456789L, NOW + 60));
        int badMac = 0;
        for (int bit = 0; bit < token.length * 8; bit++) {
            byte[] tampered = token.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            TokenVerdict v = verify(Base64.getEncoder().withoutPadding().encodeToString(tampered), NOW);
            assertThat(v).as("bit %d", bit).isNotIn(TokenVerdict.OK, TokenVerdict.EXPIRED);
            if (v == TokenVerdict.BAD_MAC) {
                badMac++;
            }
        }
        // Only the 4 version bits and the 4 key-id bits can fail before the MAC is checked.
        assertThat(badMac).isEqualTo(token.length * 8 - 8);
    }

    @Test
    void anExpiredTokenIsAuthenticButExpired() {
        String ufrag = codec.mint(1, 2, 3, NOW);

        assertThat(verify(ufrag, NOW - 1)).isEqualTo(TokenVerdict.OK);
        assertThat(verify(ufrag, NOW)).isEqualTo(TokenVerdict.EXPIRED);
        assertThat(out.sessionId()).isEqualTo(3);
        assertThat(verify(ufrag, NOW + 86_400)).isEqualTo(TokenVerdict.EXPIRED);
    }

    @Test
    void theWholeUnsigned32BitExpiryRangeRoundTrips() {
        String ufrag = codec.mint(1, 2, 3, RoutingTokenCodec.MAX_EXPIRY_EPOCH_SECONDS);
        assertThat(verify(ufrag, NOW)).isEqualTo(TokenVerdict.OK);
        assertThat(out.expiresAtEpochSeconds()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void aTokenUnderAnUnlistedKeyIsUnknownKey() {
        String underKey2 = new RoutingTokenCodec(RoutingKeys.of(2, SECRET_2)).mint(1, 1, 1, NOW + 60);
        assertThat(verify(underKey2, NOW)).isEqualTo(TokenVerdict.UNKNOWN_KEY);
    }

    @Test
    void theSameKeyIdWithAnotherSecretIsABadMac() {
        String forged = new RoutingTokenCodec(RoutingKeys.of(1, SECRET_2)).mint(1, 1, 1, NOW + 60);
        assertThat(verify(forged, NOW)).isEqualTo(TokenVerdict.BAD_MAC);
    }

    @Test
    void rotationKeepsOldTokensValidUntilTheOldKeyIsRemoved() {
        AtomicReference<RoutingKeys> published = new AtomicReference<>(RoutingKeys.of(1, SECRET_1));
        RoutingTokenCodec minter = new RoutingTokenCodec(published::get);
        RoutingTokenCodec worker = new RoutingTokenCodec(published::get);
        String old = minter.mint(10, 1, 111, NOW + 600);

        published.set(published.get().withKey(2, SECRET_2).withCurrentKey(2));
        String fresh = minter.mint(10, 1, 222, NOW + 600);
        assertThat(worker.verify(ascii(old), 0, 32, NOW, out)).isEqualTo(TokenVerdict.OK);
        assertThat(out.keyId()).isEqualTo(1);
        assertThat(worker.verify(ascii(fresh), 0, 32, NOW, out)).isEqualTo(TokenVerdict.OK);
        assertThat(out.keyId()).isEqualTo(2);

        published.set(published.get().withoutKey(1));
        assertThat(worker.verify(ascii(old), 0, 32, NOW, out)).isEqualTo(TokenVerdict.UNKNOWN_KEY);
        assertThat(worker.verify(ascii(fresh), 0, 32, NOW, out)).isEqualTo(TokenVerdict.OK);
        assertThat(out.sessionId()).isEqualTo(222);
    }

    @Test
    void truncatedOversizedAndNonBase64InputIsMalformed() {
        byte[] ufrag = ascii(codec.mint(1, 2, 3, NOW + 60));
        for (int n = 0; n < ufrag.length; n++) {
            assertThat(codec.verify(ufrag, 0, n, NOW, out)).as("prefix %d", n).isEqualTo(TokenVerdict.MALFORMED);
        }
        byte[] longer = Arrays.copyOf(ufrag, 33);
        longer[32] = 'A';
        assertThat(codec.verify(longer, 0, 33, NOW, out)).isEqualTo(TokenVerdict.MALFORMED);
        for (char c : new char[] {'=', '-', '_', ':', ' ', '\0', (char) 0x80, (char) 0xFF}) {
            byte[] bad = ufrag.clone();
            bad[5] = (byte) c;
            assertThat(codec.verify(bad, 0, 32, NOW, out)).as("char %d", (int) c).isEqualTo(TokenVerdict.MALFORMED);
        }
        assertThat(codec.verify(null, 0, 32, NOW, out)).isEqualTo(TokenVerdict.MALFORMED);
        assertThat(codec.verify(ufrag, 1, 32, NOW, out)).isEqualTo(TokenVerdict.MALFORMED);
        assertThat(codec.verify(ufrag, -1, 32, NOW, out)).isEqualTo(TokenVerdict.MALFORMED);
    }

    @Test
    void anUnknownVersionIsMalformed() {
        byte[] token = Base64.getDecoder().decode(codec.mint(1, 2, 3, NOW + 60));
        token[0] = (byte) (0x20 | (token[0] & 0x0F));
        assertThat(verify(Base64.getEncoder().withoutPadding().encodeToString(token), NOW))
                .isEqualTo(TokenVerdict.MALFORMED);
    }

    @Test
    void theUfragIsReadInPlaceFromAUsername() {
        String ufrag = codec.mint(7, 8, 9, NOW + 60);
        byte[] username = ascii("xx" + ufrag + ":clientUfrag");

        assertThat(codec.verify(username, 2, 32, NOW, out)).isEqualTo(TokenVerdict.OK);
        assertThat(out.hostId()).isEqualTo(8);
    }

    @Test
    void fieldsOutOfRangeCannotBeMinted() {
        assertThatThrownBy(() -> codec.mint(65536, 0, 0, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.mint(-1, 0, 0, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.mint(0, 256, 0, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.mint(0, 0, 0, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.mint(0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifyingAllocatesNothing() {
        byte[] ufrag = ascii(codec.mint(1, 2, 3, NOW + 60));
        byte[] forged = ufrag.clone();
        forged[31] = (byte) (forged[31] == 'A' ? 'B' : 'A');
        TokenVerdict[] verdicts = new TokenVerdict[2];

        double verify = AllocationMeter.bytesPerCall(20_000, () -> {
            verdicts[0] = codec.verify(ufrag, 0, 32, NOW, out);
            verdicts[1] = codec.verify(forged, 0, 32, NOW, out);
        });

        assertThat(verdicts).containsExactly(TokenVerdict.OK, TokenVerdict.BAD_MAC);
        assertThat(verify).isLessThan(1.0);
    }

    private TokenVerdict verify(String ufrag, long now) {
        byte[] b = ascii(ufrag);
        return codec.verify(b, 0, b.length, now, out);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
