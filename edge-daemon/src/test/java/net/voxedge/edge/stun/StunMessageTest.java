package net.voxedge.edge.stun;

import static net.voxedge.edge.stun.RawStun.attr;
import static net.voxedge.edge.stun.RawStun.attrU32;
import static net.voxedge.edge.stun.RawStun.attrU64;
import static net.voxedge.edge.stun.RawStun.message;
import static net.voxedge.edge.stun.RawStun.withFingerprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Hostile and edge-case input for {@link StunMessage}: every defect must come back as its own parse result. */
class StunMessageTest {
    private static final HmacSha1 KEYED = ShortTermCredentialMac.create(Rfc5769.PASSWORD);
    private static final int BINDING_REQUEST = 0x0001;

    private final StunMessage msg = new StunMessage();

    @Test
    void everyTruncationOfEveryVectorIsRefused() {
        for (byte[] vector : new byte[][] {Rfc5769.REQUEST, Rfc5769.IPV4_RESPONSE, Rfc5769.IPV6_RESPONSE}) {
            for (int n = 0; n < vector.length; n++) {
                StunParseResult r = msg.parse(vector, 0, n);
                assertThat(r).as("prefix %d", n)
                        .isEqualTo(n < StunMessage.HEADER_LENGTH ? StunParseResult.TOO_SHORT : StunParseResult.BAD_LENGTH);
                assertThat(msg.hasUsername()).isFalse();
                assertThat(msg.verifyMessageIntegrity(KEYED)).isFalse();
                assertThat(msg.fingerprintValid()).isFalse();
            }
        }
    }

    @Test
    void truncationWithAMatchingHeaderLengthIsOkOnlyAtAttributeBoundaries() {
        // The sample request's attributes end at these offsets: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MI.
        Set<Integer> boundaries = Set.of(20, 40, 48, 60, 76, 100);
        for (int n = 20; n < Rfc5769.REQUEST.length; n += 4) {
            byte[] cut = Arrays.copyOf(Rfc5769.REQUEST, n);
            cut[2] = (byte) ((n - 20) >>> 8);
            cut[3] = (byte) (n - 20);
            assertThat(msg.parse(cut, 0, n)).as("cut at %d", n)
                    .isEqualTo(boundaries.contains(n) ? StunParseResult.OK : StunParseResult.ATTRIBUTE_OVERRUN);
        }
    }

    @Test
    void datagramsLongerThanTheCapAreRefused() {
        byte[] exactlyMax = message(BINDING_REQUEST, attr(StunAttributes.SOFTWARE, new byte[1280 - 24]));
        byte[] tooLong = message(BINDING_REQUEST, attr(StunAttributes.SOFTWARE, new byte[1280 - 20]));

        assertThat(msg.parse(exactlyMax, 0, exactlyMax.length)).isEqualTo(StunParseResult.OK);
        assertThat(msg.parse(tooLong, 0, tooLong.length)).isEqualTo(StunParseResult.TOO_LONG);
    }

    @Test
    void usernameIsCappedAt512Bytes() {
        byte[] max = message(BINDING_REQUEST, attr(StunAttributes.USERNAME, ascii("a".repeat(512))));
        byte[] over = message(BINDING_REQUEST, attr(StunAttributes.USERNAME, ascii("a".repeat(513))));

        assertThat(msg.parse(max, 0, max.length)).isEqualTo(StunParseResult.OK);
        assertThat(msg.usernameLength()).isEqualTo(512);
        assertThat(msg.usernameColonOffset()).isEqualTo(-1);
        assertThat(msg.parse(over, 0, over.length)).isEqualTo(StunParseResult.TOO_LONG);
    }

    @Test
    void headerLengthMustMatchTheDatagramAndBeAMultipleOfFour() {
        byte[] m = message(BINDING_REQUEST, attrU32(StunAttributes.PRIORITY, 1));
        assertThat(msg.parse(m, 0, m.length)).isEqualTo(StunParseResult.OK);

        byte[] trailing = Arrays.copyOf(m, m.length + 4);
        assertThat(msg.parse(trailing, 0, trailing.length)).isEqualTo(StunParseResult.BAD_LENGTH);

        byte[] claimsMore = m.clone();
        claimsMore[3] += 4;
        assertThat(msg.parse(claimsMore, 0, claimsMore.length)).isEqualTo(StunParseResult.BAD_LENGTH);

        byte[] oddLength = Arrays.copyOf(m, m.length + 1);
        oddLength[3] += 1;
        assertThat(msg.parse(oddLength, 0, oddLength.length)).isEqualTo(StunParseResult.BAD_LENGTH);
    }

    @Test
    void otherProtocolsAreNotStun() {
        byte[] rtp = Rfc5769.REQUEST.clone();
        rtp[0] = (byte) 0x80;
        byte[] dtls = Rfc5769.REQUEST.clone();
        dtls[0] = 0x16; // passes the two-bit test; the cookie is what tells DTLS apart
        dtls[4] = (byte) 0xFE;
        byte[] badCookie = Rfc5769.REQUEST.clone();
        badCookie[7] ^= 1;

        for (byte[] b : new byte[][] {rtp, dtls, badCookie}) {
            assertThat(msg.parse(b, 0, b.length)).isEqualTo(StunParseResult.NOT_STUN);
            assertThat(StunMessage.looksLikeStun(b, 0, b.length)).isFalse();
        }
        assertThat(StunMessage.looksLikeStun(Rfc5769.REQUEST, 0, Rfc5769.REQUEST.length)).isTrue();
        assertThat(StunMessage.looksLikeStun(Rfc5769.REQUEST, 0, 19)).isFalse();
        assertThat(StunMessage.looksLikeStun(Rfc5769.REQUEST, 0, Rfc5769.REQUEST.length - 4)).isFalse();
        assertThat(StunMessage.looksLikeStun(null, 0, 20)).isFalse();
        assertThat(StunMessage.looksLikeStun(Rfc5769.REQUEST, 90, 20)).isFalse();
    }

    @Test
    void anAttributeRunningPastTheEndIsAnOverrun() {
        byte[] m = message(BINDING_REQUEST, attrU32(StunAttributes.PRIORITY, 1));
        m[22] = 0;
        m[23] = 5; // declared 5, padded 8, but only 4 bytes of value follow
        assertThat(msg.parse(m, 0, m.length)).isEqualTo(StunParseResult.ATTRIBUTE_OVERRUN);
    }

    @Test
    void nothingMayFollowFingerprint() {
        byte[] fp = withFingerprint(message(BINDING_REQUEST, attrU32(StunAttributes.PRIORITY, 1)));
        byte[] after = concatAttributes(fp, attr(StunAttributes.SOFTWARE, ascii("x")));
        byte[] twice = withFingerprint(fp);

        assertThat(msg.parse(fp, 0, fp.length)).isEqualTo(StunParseResult.OK);
        assertThat(msg.fingerprintValid()).isTrue();
        assertThat(msg.parse(after, 0, after.length)).isEqualTo(StunParseResult.DUPLICATE_OR_MISORDERED);
        assertThat(msg.parse(twice, 0, twice.length)).isEqualTo(StunParseResult.DUPLICATE_OR_MISORDERED);
    }

    @Test
    void onlyIntegritySha256AndFingerprintMayFollowIntegrity() {
        byte[] mi = attr(StunAttributes.MESSAGE_INTEGRITY, new byte[20]);
        byte[] mi256 = attr(StunAttributes.MESSAGE_INTEGRITY_SHA256, new byte[32]);
        byte[] user = attr(StunAttributes.USERNAME, ascii("a:b"));

        assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(BINDING_REQUEST, mi, user));
        assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(BINDING_REQUEST, mi, mi));
        assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(BINDING_REQUEST, mi256, mi));
        assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(BINDING_REQUEST, mi256, user));
        assertParses(StunParseResult.OK, withFingerprint(message(BINDING_REQUEST, user, mi, mi256)));
        assertThat(msg.hasMessageIntegrity()).isTrue();
        assertThat(msg.hasMessageIntegritySha256()).isTrue();
    }

    @Test
    void recordedAttributesMayNotRepeat() {
        int[] types = {StunAttributes.USERNAME, StunAttributes.PRIORITY, StunAttributes.ICE_CONTROLLING,
            StunAttributes.ICE_CONTROLLED, StunAttributes.USE_CANDIDATE, StunAttributes.SOFTWARE};
        byte[][] values = {ascii("a:b"), new byte[4], new byte[8], new byte[8], new byte[0], ascii("sw")};
        for (int i = 0; i < types.length; i++) {
            byte[] once = attr(types[i], values[i]);
            assertParses(StunParseResult.OK, message(BINDING_REQUEST, once));
            assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(BINDING_REQUEST, once, once));
        }
        byte[] xma = attr(StunAttributes.XOR_MAPPED_ADDRESS, new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
        assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(0x0101, xma, xma));
        byte[] err = attr(StunAttributes.ERROR_CODE, new byte[] {0, 0, 4, 0});
        assertParses(StunParseResult.DUPLICATE_OR_MISORDERED, message(0x0111, err, err));
    }

    @Test
    void fixedLengthAttributesWithAnyOtherLengthAreRefused() {
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.FINGERPRINT, new byte[8])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.MESSAGE_INTEGRITY, new byte[16])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.MESSAGE_INTEGRITY_SHA256, new byte[12])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.MESSAGE_INTEGRITY_SHA256, new byte[18])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.MESSAGE_INTEGRITY_SHA256, new byte[36])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.PRIORITY, new byte[8])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.ICE_CONTROLLING, new byte[4])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.ICE_CONTROLLED, new byte[12])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(BINDING_REQUEST, attr(StunAttributes.USE_CANDIDATE, new byte[4])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(0x0101, attr(StunAttributes.XOR_MAPPED_ADDRESS, new byte[] {0, 2, 0, 0, 0, 0, 0, 0})));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(0x0101, attr(StunAttributes.XOR_MAPPED_ADDRESS, new byte[12])));
        assertParses(StunParseResult.BAD_ATTRIBUTE_LENGTH, message(0x0111, attr(StunAttributes.ERROR_CODE, new byte[3])));
    }

    @Test
    void invalidValuesOfKnownAttributesAreRefused() {
        assertParses(StunParseResult.BAD_ATTRIBUTE_VALUE, message(0x0101, attr(StunAttributes.XOR_MAPPED_ADDRESS, new byte[] {0, 3, 0, 0, 0, 0, 0, 0})));
        assertParses(StunParseResult.BAD_ATTRIBUTE_VALUE, message(0x0111, attr(StunAttributes.ERROR_CODE, new byte[] {0, 0, 7, 0})));
        assertParses(StunParseResult.BAD_ATTRIBUTE_VALUE, message(0x0111, attr(StunAttributes.ERROR_CODE, new byte[] {0, 0, 4, 100})));
        assertParses(StunParseResult.OK, message(0x0111, attr(StunAttributes.ERROR_CODE, new byte[] {0, 0, 4, 87, 'x'})));
        assertThat(msg.errorCode()).isEqualTo(487);
        assertThat(msg.errorReasonLength()).isEqualTo(1);
        assertThat(msg.buffer()[msg.errorReasonOffset()]).isEqualTo((byte) 'x');
    }

    @Test
    void aWrongIntegrityFailsWhileTheFingerprintStillChecks() {
        byte[] m = Rfc5769.REQUEST.clone();
        m[m.length - 8 - 1] ^= 0x01; // last byte of the MESSAGE-INTEGRITY value
        RawStun.refreshFingerprint(m);

        assertThat(msg.parse(m, 0, m.length)).isEqualTo(StunParseResult.OK);
        assertThat(msg.fingerprintValid()).isTrue();
        assertThat(msg.verifyMessageIntegrity(KEYED)).isFalse();
    }

    @Test
    void aWrongFingerprintFailsWhileTheIntegrityStillChecks() {
        byte[] m = Rfc5769.REQUEST.clone();
        m[m.length - 1] ^= 0x01;

        assertThat(msg.parse(m, 0, m.length)).isEqualTo(StunParseResult.OK);
        assertThat(msg.fingerprintValid()).isFalse();
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
    }

    @Test
    void everySingleBitFlipBreaksIntegrityOrFingerprintOrParsing() {
        byte[] original = Rfc5769.REQUEST;
        int integrityValueEnd = original.length - 8;
        for (int bit = 0; bit < original.length * 8; bit++) {
            byte[] m = original.clone();
            m[bit / 8] ^= (byte) (1 << (bit % 8));
            if (msg.parse(m, 0, m.length) != StunParseResult.OK) {
                continue;
            }
            assertThat(msg.fingerprintValid()).as("bit %d", bit).isFalse();
            if (bit / 8 < integrityValueEnd) {
                assertThat(msg.verifyMessageIntegrity(KEYED)).as("bit %d", bit).isFalse();
            }
        }
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReportedAndOptionalOnesIgnored() {
        byte[] m = message(BINDING_REQUEST,
                attr(0x0003, new byte[4]), attr(0xC057, new byte[4]), attr(0x7FFF, new byte[0]),
                attr(0x8000, new byte[1]), attr(0x0013, new byte[3]), attr(StunAttributes.REALM, ascii("r")));

        assertParses(StunParseResult.OK, m);
        assertThat(msg.unknownComprehensionRequiredCount()).isEqualTo(3);
        assertThat(msg.unknownComprehensionRequiredType(0)).isEqualTo(0x0003);
        assertThat(msg.unknownComprehensionRequiredType(1)).isEqualTo(0x7FFF);
        assertThat(msg.unknownComprehensionRequiredType(2)).isEqualTo(0x0013);
        assertThatThrownBy(() -> msg.unknownComprehensionRequiredType(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void moreUnknownAttributesThanRecordedAreCountedButOnlyTheFirstKept() {
        byte[][] attrs = new byte[12][];
        for (int i = 0; i < attrs.length; i++) {
            attrs[i] = attr(0x0100 + i, new byte[0]);
        }
        assertParses(StunParseResult.OK, message(BINDING_REQUEST, attrs));
        assertThat(msg.unknownComprehensionRequiredCount()).isEqualTo(12);
        assertThat(msg.unknownComprehensionRequiredType(7)).isEqualTo(0x0107);
        assertThatThrownBy(() -> msg.unknownComprehensionRequiredType(8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aNewParseForgetsThePreviousMessage() {
        assertParses(StunParseResult.OK, Rfc5769.REQUEST);
        assertParses(StunParseResult.OK, message(0x0011));

        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.INDICATION);
        assertThat(msg.hasUsername()).isFalse();
        assertThat(msg.hasPriority()).isFalse();
        assertThat(msg.priority()).isEqualTo(-1);
        assertThat(msg.iceControlled()).isFalse();
        assertThat(msg.tieBreaker()).isZero();
        assertThat(msg.hasMessageIntegrity()).isFalse();
        assertThat(msg.verifyMessageIntegrity(KEYED)).isFalse();
        assertThat(msg.hasFingerprint()).isFalse();
        assertThat(msg.fingerprintValid()).isFalse();
        assertThat(msg.hasSoftware()).isFalse();

        assertParses(StunParseResult.OK, Rfc5769.REQUEST);
        assertParses(StunParseResult.NOT_STUN, new byte[20]);
        assertThat(msg.method()).isEqualTo(-1);
        assertThat(msg.messageClass()).isNull();
        assertThat(msg.transactionIdOffset()).isEqualTo(-1);
        assertThat(msg.hasUsername()).isFalse();
    }

    @Test
    void aMessageInsideALargerArrayIsReadAtItsOffset() {
        byte[] big = new byte[7 + Rfc5769.REQUEST.length + 9];
        Arrays.fill(big, (byte) 0x5A);
        System.arraycopy(Rfc5769.REQUEST, 0, big, 7, Rfc5769.REQUEST.length);

        assertThat(msg.parse(big, 7, Rfc5769.REQUEST.length)).isEqualTo(StunParseResult.OK);
        assertThat(msg.isParsedFrom(big, 7, Rfc5769.REQUEST.length)).isTrue();
        assertThat(msg.isParsedFrom(big, 0, Rfc5769.REQUEST.length)).isFalse();
        assertThat(msg.transactionIdOffset()).isEqualTo(15);
        assertThat(new String(big, msg.usernameOffset(), msg.usernameLength(), StandardCharsets.US_ASCII))
                .isEqualTo("evtj:h6vY");
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
        assertThat(msg.fingerprintValid()).isTrue();
    }

    @Test
    void rangesOutsideTheArrayAreABadBoundsResultNotAnException() {
        byte[] b = Rfc5769.REQUEST;
        assertThat(msg.parse(null, 0, 20)).isEqualTo(StunParseResult.BAD_BUFFER_BOUNDS);
        assertThat(msg.parse(b, -1, 20)).isEqualTo(StunParseResult.BAD_BUFFER_BOUNDS);
        assertThat(msg.parse(b, 0, -1)).isEqualTo(StunParseResult.BAD_BUFFER_BOUNDS);
        assertThat(msg.parse(b, 1, b.length)).isEqualTo(StunParseResult.BAD_BUFFER_BOUNDS);
        assertThat(msg.parse(b, Integer.MAX_VALUE, 20)).isEqualTo(StunParseResult.BAD_BUFFER_BOUNDS);
        assertThat(msg.isParsedFrom(null, 0, 20)).isFalse();
    }

    @Test
    void classAndMethodAreUnInterleavedFromTheType() {
        assertParses(StunParseResult.OK, message(0x0011));
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.INDICATION);
        assertThat(msg.method()).isEqualTo(1);
        assertParses(StunParseResult.OK, message(0x0111));
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
        assertThat(msg.method()).isEqualTo(1);
        assertThat(msg.isBindingRequest()).isFalse();
        assertParses(StunParseResult.OK, message(0x0003));
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        assertThat(msg.method()).isEqualTo(3);
        assertParses(StunParseResult.OK, message(0x3EEF));
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        assertThat(msg.method()).isEqualTo(0xFFF);
        assertParses(StunParseResult.OK, message(0x3FFF));
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
        assertThat(msg.method()).isEqualTo(0xFFF);
        assertParses(StunParseResult.OK, message(0x0101 | 0x0020));
        assertThat(msg.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(msg.method()).isEqualTo(0x011);
    }

    @Test
    void iceControllingCarriesTheTieBreaker() {
        assertParses(StunParseResult.OK, message(BINDING_REQUEST,
                attrU64(StunAttributes.ICE_CONTROLLING, 0x8000_0000_0000_0001L), attr(StunAttributes.USE_CANDIDATE, new byte[0])));
        assertThat(msg.iceControlling()).isTrue();
        assertThat(msg.iceControlled()).isFalse();
        assertThat(msg.tieBreaker()).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(msg.useCandidate()).isTrue();
    }

    @Test
    void priorityIsUnsigned() {
        assertParses(StunParseResult.OK, message(BINDING_REQUEST, attrU32(StunAttributes.PRIORITY, 0xFFFF_FFFEL)));
        assertThat(msg.priority()).isEqualTo(0xFFFF_FFFEL);
    }

    @Test
    void integrityWithoutTheAttributeIsFalse() {
        assertParses(StunParseResult.OK, message(BINDING_REQUEST, attrU32(StunAttributes.PRIORITY, 1)));
        assertThat(msg.verifyMessageIntegrity(KEYED)).isFalse();
    }

    @Test
    void leftoverMacStateDoesNotSpoilVerification() {
        assertParses(StunParseResult.OK, Rfc5769.REQUEST);
        KEYED.update(new byte[] {1, 2, 3}, 0, 3);
        assertThat(msg.verifyMessageIntegrity(KEYED)).isTrue();
    }

    @Test
    void randomGarbageNeverThrowsAndOkMessagesStayInBounds() {
        Random random = new Random(5769);
        byte[] buf = new byte[1400];
        int ok = 0;
        for (int i = 0; i < 200_000; i++) {
            int len = random.nextInt(buf.length);
            random.nextBytes(buf);
            if (i % 2 == 0 && len >= 20) {
                // Half the cases get a plausible header so the attribute loop is exercised too.
                buf[0] &= 0x3F;
                buf[2] = (byte) ((len - 20) >>> 8);
                buf[3] = (byte) (len - 20);
                buf[4] = 0x21;
                buf[5] = 0x12;
                buf[6] = (byte) 0xA4;
                buf[7] = 0x42;
                len = 20 + ((len - 20) & ~3);
                buf[2] = (byte) ((len - 20) >>> 8);
                buf[3] = (byte) (len - 20);
                if (random.nextBoolean() && len >= 24) {
                    // A first attribute with a small length, so the parser gets past it sometimes.
                    buf[22] = 0;
                    buf[23] = (byte) random.nextInt(8);
                }
            }
            if (msg.parse(buf, 0, len) == StunParseResult.OK) {
                ok++;
                StunInvariants.assertAccessorsInBounds(msg, buf, 0, len);
                assertThat(msg.verifyMessageIntegrity(KEYED)).isFalse();
            }
        }
        assertThat(ok).as("some random messages parse, so the accessors were exercised").isPositive();
    }

    @Test
    void parsingAndCheckingAFingerprintAllocatesNothing() {
        byte[] b = Rfc5769.REQUEST;
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> {
            msg.parse(b, 0, b.length);
            msg.fingerprintValid();
            msg.usernameColonOffset();
        });
        assertThat(bytes).isLessThan(1.0);
    }

    @Test
    void checkingMessageIntegrityAllocatesNothing() {
        byte[] b = Rfc5769.REQUEST;
        boolean[] valid = {true};
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> {
            msg.parse(b, 0, b.length);
            valid[0] &= msg.verifyMessageIntegrity(KEYED);
        });
        assertThat(valid[0]).isTrue();
        assertThat(bytes).isLessThan(1.0);
    }

    private void assertParses(StunParseResult expected, byte[] m) {
        assertThat(msg.parse(m, 0, m.length)).isEqualTo(expected);
    }

    private static byte[] concatAttributes(byte[] m, byte[] attribute) {
        byte[] out = Arrays.copyOf(m, m.length + attribute.length);
        System.arraycopy(attribute, 0, out, m.length, attribute.length);
        int bodyLength = out.length - 20;
        out[2] = (byte) (bodyLength >>> 8);
        out[3] = (byte) bodyLength;
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
