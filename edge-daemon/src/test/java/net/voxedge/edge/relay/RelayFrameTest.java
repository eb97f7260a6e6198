package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay frame codec and its tag: round trips, the documented layout, and hostile frames. */
class RelayFrameTest {
    static final RelayKeys KEYS = RelayKeys.derive(Map.of(
            0, HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"),
            3, HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f")), 3);
    static final byte[] V4 = {(byte) 192, 0, 2, 7};
    static final byte[] V6 = HexFormat.of().parseHex("20010db8000000000000000000000042");

    /** Encodes a tagged frame with {@code payload}. */
    static byte[] frame(int type, int socket, byte[] ip, int port, byte[] payload) {
        byte[] out = new byte[RelayFrame.MAX_FRAME];
        int h = RelayFrame.writeHeader(out, 0, type, KEYS.currentKeyId(), socket, ip, port, payload.length);
        assertThat(h).isEqualTo(RelayFrame.FIXED_HEADER + ip.length);
        System.arraycopy(payload, 0, out, h, payload.length);
        int n = new RelayMac().seal(KEYS, out, 0, h + payload.length);
        assertThat(n).isEqualTo(h + payload.length + RelayFrame.TAG_LENGTH);
        return Arrays.copyOf(out, n);
    }

    @Test
    void roundTripV4AndV6() {
        byte[] payload = {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 9, 9, 9};
        RelayFrame f = new RelayFrame();
        RelayMac mac = new RelayMac();
        for (byte[] ip : new byte[][] {V4, V6}) {
            byte[] b = frame(RelayFrame.TYPE_TO_CLIENT, 3, ip, 54321, payload);
            assertThat(f.parse(b, 0, b.length)).isEqualTo(RelayFrameResult.OK);
            assertThat(f.type()).isEqualTo(RelayFrame.TYPE_TO_CLIENT);
            assertThat(f.keyId()).isEqualTo(3);
            assertThat(f.socket()).isEqualTo(3);
            assertThat(f.family()).isEqualTo(ip.length == 4 ? 4 : 6);
            assertThat(f.port()).isEqualTo(54321);
            assertThat(Arrays.copyOf(f.ip(), f.ipLength())).isEqualTo(ip);
            assertThat(Arrays.copyOfRange(b, f.payloadOffset(), f.payloadOffset() + f.payloadLength())).isEqualTo(payload);
            assertThat(mac.verify(KEYS, b, 0, b.length)).isTrue();
        }
    }

    @Test
    void layoutIsTheDocumentedOne() {
        byte[] b = frame(RelayFrame.TYPE_TO_OWNER, 1, V4, 0x1234, new byte[] {(byte) 0xAB});
        assertThat(HexFormat.of().formatHex(b, 0, 13)).isEqualTo("0101030104001234" + "c0000207" + "ab");
        assertThat(b).hasSize(13 + 8);
    }

    @Test
    void anyChangedBitFailsTheTag() {
        byte[] b = frame(RelayFrame.TYPE_TO_OWNER, 0, V6, 443, "hello".getBytes());
        RelayMac mac = new RelayMac();
        for (int i = 0; i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] c = b.clone();
                c[i] ^= (byte) (1 << bit);
                assertThat(mac.verify(KEYS, c, 0, c.length)).as("byte %d bit %d", i, bit).isFalse();
            }
        }
    }

    @Test
    void anotherHostsKeysDoNotVerify() {
        byte[] b = frame(RelayFrame.TYPE_TO_OWNER, 0, V4, 443, "x".getBytes());
        RelayKeys other = RelayKeys.derive(Map.of(3, HexFormat.of().parseHex("ffe1d2c3b4a5968778695a4b3c2d1e0f")), 3);
        assertThat(new RelayMac().verify(other, b, 0, b.length)).isFalse();
        // A frame naming a key id nobody has fails too (not an exception).
        byte[] c = b.clone();
        c[2] = 7;
        assertThat(new RelayMac().verify(KEYS, c, 0, c.length)).isFalse();
    }

    @Test
    void truncatedAtEveryLength() {
        byte[] b = frame(RelayFrame.TYPE_TO_OWNER, 0, V6, 443, new byte[] {1});
        RelayFrame f = new RelayFrame();
        for (int n = 0; n < b.length; n++) {
            assertThat(f.parse(b, 0, n)).as("length %d", n).isNotEqualTo(RelayFrameResult.OK);
            assertThat(f.payloadLength()).isZero();
        }
        assertThat(f.parse(b, 0, b.length)).isEqualTo(RelayFrameResult.OK);
    }

    @Test
    void hostileHeaders() {
        byte[] good = frame(RelayFrame.TYPE_TO_OWNER, 0, V4, 443, new byte[] {1, 2, 3});
        RelayFrame f = new RelayFrame();
        assertThat(f.parse(with(good, 0, 2), 0, good.length)).isEqualTo(RelayFrameResult.BAD_VERSION);
        assertThat(f.parse(with(good, 1, 0), 0, good.length)).isEqualTo(RelayFrameResult.BAD_TYPE);
        assertThat(f.parse(with(good, 1, 3), 0, good.length)).isEqualTo(RelayFrameResult.BAD_TYPE);
        assertThat(f.parse(with(good, 2, 16), 0, good.length)).isEqualTo(RelayFrameResult.BAD_KEY_ID);
        assertThat(f.parse(with(good, 4, 5), 0, good.length)).isEqualTo(RelayFrameResult.BAD_FAMILY);
        assertThat(f.parse(with(good, 5, 1), 0, good.length)).isEqualTo(RelayFrameResult.BAD_FIELD);
        assertThat(f.parse(with(with(good, 6, 0), 7, 0), 0, good.length)).isEqualTo(RelayFrameResult.BAD_FIELD);
        // Family 6 on a frame sized for an IPv4 address: now too short for its header.
        assertThat(f.parse(with(good, 4, 6), 0, good.length)).isEqualTo(RelayFrameResult.TRUNCATED);
        // Bad offsets and nulls are answered, never thrown.
        assertThat(f.parse(null, 0, 10)).isEqualTo(RelayFrameResult.TRUNCATED);
        assertThat(f.parse(good, -1, 10)).isEqualTo(RelayFrameResult.TRUNCATED);
        assertThat(f.parse(good, 5, good.length)).isEqualTo(RelayFrameResult.TRUNCATED);
        assertThat(f.parse(good, 0, -3)).isEqualTo(RelayFrameResult.TRUNCATED);
        assertThat(new RelayMac().verify(KEYS, good, 3, good.length)).isFalse();
    }

    @Test
    void oversizedPayloadIsRefusedBothWays() {
        byte[] big = new byte[RelayFrame.MAX_PAYLOAD + 1];
        byte[] out = new byte[RelayFrame.MAX_FRAME + 64];
        assertThat(RelayFrame.writeHeader(out, 0, 1, 0, 0, V6, 1, big.length)).isEqualTo(-1);
        assertThat(RelayFrame.writeHeader(out, 0, 1, 0, 0, V6, 1, RelayFrame.MAX_PAYLOAD)).isEqualTo(24);
        // A largest frame fits MAX_FRAME exactly; one byte more parses as OVERSIZED.
        byte[] max = frame(1, 0, V6, 1, new byte[RelayFrame.MAX_PAYLOAD]);
        assertThat(max).hasSize(RelayFrame.MAX_FRAME);
        byte[] over = Arrays.copyOf(max, max.length + 1);
        assertThat(new RelayFrame().parse(over, 0, over.length)).isEqualTo(RelayFrameResult.OVERSIZED);
    }

    @Test
    void encoderRefusesWhatItCannotWrite() {
        byte[] out = new byte[64];
        assertThat(RelayFrame.writeHeader(out, 0, 3, 0, 0, V4, 1, 1)).isEqualTo(-1);       // type
        assertThat(RelayFrame.writeHeader(out, 0, 1, 16, 0, V4, 1, 1)).isEqualTo(-1);      // key id
        assertThat(RelayFrame.writeHeader(out, 0, 1, 0, 256, V4, 1, 1)).isEqualTo(-1);     // socket
        assertThat(RelayFrame.writeHeader(out, 0, 1, 0, 0, V4, 0, 1)).isEqualTo(-1);       // port
        assertThat(RelayFrame.writeHeader(out, 0, 1, 0, 0, new byte[5], 1, 1)).isEqualTo(-1);
        assertThat(RelayFrame.writeHeader(out, 0, 1, 0, 0, V4, 1, 0)).isEqualTo(-1);       // empty payload
        assertThat(RelayFrame.writeHeader(out, 50, 1, 0, 0, V4, 1, 1)).isEqualTo(-1);      // no room
        assertThat(new RelayMac().seal(KEYS, out, 60, 8)).isEqualTo(-1);                    // no room for the tag
    }

    private static byte[] with(byte[] b, int i, int v) {
        byte[] c = b.clone();
        c[i] = (byte) v;
        return c;
    }
}
