package net.voxedge.edge.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

class HmacTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 2202 §3: test cases for HMAC-SHA-1 (cases 6 and 7 have 80-byte keys, longer than the 64-byte block).
    @Test
    void rfc2202HmacSha1Vectors() {
        assertSha1(repeat(0x0b, 20), ascii("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00");
        assertSha1(ascii("Jefe"), ascii("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assertSha1(repeat(0xaa, 20), repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
        assertSha1(counting(25), repeat(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
        assertSha1(repeat(0x0c, 20), ascii("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
        assertSha1(repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
                "aa4ae5e15272d00e95705637ce8a3b55ed402112");
        assertSha1(repeat(0xaa, 80),
                ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
    }

    @Test
    void rfc2202TruncatedTo96Bits() {
        Hmac mac = new HmacSha1(repeat(0x0c, 20));
        byte[] data = ascii("Test With Truncation");
        byte[] out = new byte[12];
        mac.update(data, 0, data.length);
        mac.doFinal(out, 0, 12);
        assertThat(HEX.formatHex(out)).isEqualTo("4c1a03424b55e07fe7f27be1");
    }

    // RFC 4231 §4: test cases for HMAC-SHA-256 (cases 6 and 7 have 131-byte keys; case 5 is truncated to 128 bits).
    @Test
    void rfc4231HmacSha256Vectors() {
        assertSha256(repeat(0x0b, 20), ascii("Hi There"),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertSha256(ascii("Jefe"), ascii("what do ya want for nothing?"),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertSha256(repeat(0xaa, 20), repeat(0xdd, 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        assertSha256(counting(25), repeat(0xcd, 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        assertSha256(repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assertSha256(repeat(0xaa, 131), ascii("This is a test using a larger than block-size key and a larger "
                        + "than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void rfc4231TruncatedTo128Bits() {
        Hmac mac = new HmacSha256(repeat(0x0c, 20));
        byte[] data = ascii("Test With Truncation");
        byte[] out = new byte[20];
        mac.update(data, 0, data.length);
        mac.doFinal(out, 3, 16);
        assertThat(HEX.formatHex(out, 3, 19)).isEqualTo("a3b6167473100ee06e0c796c2955552b");
        assertThat(Arrays.copyOf(out, 3)).containsOnly(0);
        assertThat(Arrays.copyOfRange(out, 19, 20)).containsOnly(0);
    }

    @Test
    void equalsTheJdkMacOverRandomKeysMessagesAndUpdateSplits() throws Exception {
        SplittableRandom random = new SplittableRandom(2104);
        for (String algorithm : new String[] {"HmacSHA1", "HmacSHA256"}) {
            Mac jdk = Mac.getInstance(algorithm);
            for (int round = 0; round < 3000; round++) {
                byte[] key = bytes(random, 1 + random.nextInt(200)); // the JDK refuses an empty key
                byte[] message = bytes(random, random.nextInt(600));
                jdk.init(new SecretKeySpec(key, algorithm));
                byte[] expected = jdk.doFinal(message);

                Hmac ours = algorithm.equals("HmacSHA1") ? new HmacSha1(key) : new HmacSha256(key);
                byte[] out = new byte[expected.length + 8];
                int outOff = random.nextInt(9);
                feedInRandomPieces(ours, message, random);
                ours.doFinal(out, outOff);
                assertThat(Arrays.copyOfRange(out, outOff, outOff + expected.length))
                        .as("%s key %s message %s", algorithm, HEX.formatHex(key), HEX.formatHex(message))
                        .isEqualTo(expected);

                // doFinal left it ready for the next message under the same key
                feedInRandomPieces(ours, message, random);
                int truncated = 1 + random.nextInt(expected.length);
                byte[] tag = new byte[truncated];
                ours.doFinal(tag, 0, truncated);
                assertThat(tag).isEqualTo(Arrays.copyOf(expected, truncated));
            }
        }
    }

    @Test
    void rekeyingAllocatesNothingAndTakesAKeyFromTheMiddleOfAnArray() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        Hmac mac = new HmacSha256(new byte[] {1});
        Mac jdk = Mac.getInstance("HmacSHA256");
        byte[] message = bytes(random, 100);
        byte[] out = new byte[32];
        for (int keyLen : new int[] {1, 20, 63, 64, 65, 131, 300}) {
            byte[] padded = bytes(random, keyLen + 10);
            mac.update(message, 0, 50); // a message in progress is discarded by the re-key
            mac.rekey(padded, 5, keyLen);
            mac.update(message, 0, message.length);
            mac.doFinal(out, 0);
            jdk.init(new SecretKeySpec(padded, 5, keyLen, "HmacSHA256"));
            assertThat(out).as("key length %d", keyLen).isEqualTo(jdk.doFinal(message));
        }
        byte[] longKey = bytes(random, 200);
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> mac.rekey(longKey, 0, longKey.length));
        assertThat(bytes).isLessThan(1.0);
    }

    @Test
    void resetDiscardsAMessageInProgressButKeepsTheKey() throws Exception {
        byte[] key = ascii("key");
        Hmac mac = new HmacSha1(key);
        Mac jdk = Mac.getInstance("HmacSHA1");
        jdk.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] out = new byte[20];

        mac.update(ascii("garbage"), 0, 7);
        mac.reset();
        mac.reset();
        mac.update((byte) 'a');
        mac.update(ascii("bc"), 0, 2);
        mac.doFinal(out, 0);
        assertThat(out).isEqualTo(jdk.doFinal(ascii("abc")));

        mac.doFinal(out, 0); // the empty message
        assertThat(out).isEqualTo(jdk.doFinal(new byte[0]));
    }

    @Test
    void anEmptyKeyIsTheAllZeroPad() {
        // RFC 2104 pads the key with zeros to the block length, so an empty key and 64 zero bytes are the same key.
        assertThat(tag(new HmacSha1(new byte[0]), ascii("m"))).isEqualTo(tag(new HmacSha1(new byte[64]), ascii("m")));
    }

    @Test
    void refusesTagLengthsAndRangesThatDoNotFit() {
        Hmac mac = new HmacSha1(ascii("k"));
        assertThatThrownBy(() -> mac.doFinal(new byte[20], 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mac.doFinal(new byte[32], 0, 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mac.doFinal(new byte[20], 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> mac.doFinal(new byte[10], 0, 11)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> mac.rekey(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(mac.macLength()).isEqualTo(HmacSha1.MAC_LENGTH);
        assertThat(new HmacSha256(new byte[1]).macLength()).isEqualTo(HmacSha256.MAC_LENGTH);
    }

    @Test
    void aFullAndATruncatedTagAllocateNothingAfterWarmUp() {
        byte[] message = bytes(new SplittableRandom(1), 172);
        byte[] out = new byte[32];
        Hmac sha1 = new HmacSha1(bytes(new SplittableRandom(2), 20));
        Hmac sha256 = new HmacSha256(bytes(new SplittableRandom(3), 32));

        double full1 = AllocationMeter.bytesPerCall(20_000, () -> {
            sha1.update(message, 0, message.length);
            sha1.doFinal(out, 0);
        });
        double truncated1 = AllocationMeter.bytesPerCall(20_000, () -> {
            sha1.update(message, 0, message.length);
            sha1.doFinal(out, 0, 10);
        });
        double full256 = AllocationMeter.bytesPerCall(20_000, () -> {
            sha256.update(message, 0, message.length);
            sha256.doFinal(out, 0);
        });
        double truncated256 = AllocationMeter.bytesPerCall(20_000, () -> {
            sha256.update((byte) 1);
            sha256.update(message, 0, 16);
            sha256.doFinal(out, 0, 8);
        });

        assertThat(full1).isLessThan(1.0);
        assertThat(truncated1).isLessThan(1.0);
        assertThat(full256).isLessThan(1.0);
        assertThat(truncated256).isLessThan(1.0);
    }

    private static void assertSha1(byte[] key, byte[] data, String expectedHex) {
        assertThat(HEX.formatHex(tag(new HmacSha1(key), data))).isEqualTo(expectedHex);
    }

    private static void assertSha256(byte[] key, byte[] data, String expectedHex) {
        assertThat(HEX.formatHex(tag(new HmacSha256(key), data))).isEqualTo(expectedHex);
    }

    private static byte[] tag(Hmac mac, byte[] data) {
        byte[] out = new byte[mac.macLength()];
        mac.update(data, 0, data.length);
        mac.doFinal(out, 0);
        return out;
    }

    private static void feedInRandomPieces(Hmac mac, byte[] message, SplittableRandom random) {
        int p = 0;
        while (p < message.length) {
            if (random.nextInt(8) == 0) {
                mac.update(message[p++]);
                continue;
            }
            int n = random.nextInt(message.length - p + 1);
            mac.update(message, p, n);
            p += n;
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt();
        }
        return b;
    }

    private static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** 0x01, 0x02, ... as RFC 2202 and RFC 4231 case 4 use. */
    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
