package net.voxedge.edge.demux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketClassifierTest {

    /** The expected class of a 2-byte datagram, written from RFC 7983 / RFC 5761 independently of the code. */
    private static PacketClass expected(int first, int second) {
        if (first >= 0 && first <= 3) {
            return PacketClass.STUN;
        }
        if (first >= 20 && first <= 63) {
            return PacketClass.DTLS;
        }
        if (first >= 128 && first <= 191) {
            return (second >= 192 && second <= 223) ? PacketClass.RTCP : PacketClass.RTP;
        }
        return PacketClass.UNKNOWN;
    }

    @Test
    void everyFirstAndSecondByteIsClassifiedPerRfc7983AndRfc5761() {
        byte[] b = new byte[2];
        for (int first = 0; first < 256; first++) {
            for (int second = 0; second < 256; second++) {
                b[0] = (byte) first;
                b[1] = (byte) second;
                assertThat(PacketClassifier.classify(b, 0, 2))
                        .as("first=%d second=%d", first, second)
                        .isEqualTo(expected(first, second));
            }
        }
    }

    @Test
    void rangeBoundariesAreExact() {
        assertThat(classifyFirst(3)).isEqualTo(PacketClass.STUN);
        assertThat(classifyFirst(4)).isEqualTo(PacketClass.UNKNOWN);
        assertThat(classifyFirst(19)).isEqualTo(PacketClass.UNKNOWN); // ZRTP is not ours
        assertThat(classifyFirst(20)).isEqualTo(PacketClass.DTLS);
        assertThat(classifyFirst(63)).isEqualTo(PacketClass.DTLS);
        assertThat(classifyFirst(64)).isEqualTo(PacketClass.UNKNOWN); // TURN channel
        assertThat(classifyFirst(127)).isEqualTo(PacketClass.UNKNOWN); // QUIC
        assertThat(classifyFirst(128)).isEqualTo(PacketClass.RTP);
        assertThat(classifyFirst(191)).isEqualTo(PacketClass.RTP);
        assertThat(classifyFirst(192)).isEqualTo(PacketClass.UNKNOWN); // QUIC long header
        assertThat(classifyFirst(255)).isEqualTo(PacketClass.UNKNOWN);
    }

    @Test
    void rtcpIsSeparatedFromRtpBySecondByte() {
        // Opus PT 111 with and without marker: RTP.
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80, 111}, 0, 2)).isEqualTo(PacketClass.RTP);
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80, (byte) (0x80 | 111)}, 0, 2)).isEqualTo(PacketClass.RTP);
        // SR 200, RR 201, RTPFB 205, PSFB 206: RTCP.
        for (int pt : new int[] {200, 201, 202, 203, 204, 205, 206, 207}) {
            assertThat(PacketClassifier.classify(new byte[] {(byte) 0x81, (byte) pt}, 0, 2)).isEqualTo(PacketClass.RTCP);
        }
        // Edges of RFC 5761's reserved range.
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80, (byte) 191}, 0, 2)).isEqualTo(PacketClass.RTP);
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80, (byte) 192}, 0, 2)).isEqualTo(PacketClass.RTCP);
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80, (byte) 223}, 0, 2)).isEqualTo(PacketClass.RTCP);
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80, (byte) 224}, 0, 2)).isEqualTo(PacketClass.RTP);
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] b = {0x00, 0x16, (byte) 0x80, (byte) 0xC9, 0x01};
        assertThat(PacketClassifier.classify(b, 0, 5)).isEqualTo(PacketClass.STUN);
        assertThat(PacketClassifier.classify(b, 1, 4)).isEqualTo(PacketClass.DTLS);
        assertThat(PacketClassifier.classify(b, 2, 3)).isEqualTo(PacketClass.RTCP);
        assertThat(PacketClassifier.classify(b, 2, 1)).as("RTP range but no second byte").isEqualTo(PacketClass.UNKNOWN);
        assertThat(PacketClassifier.classify(b, 5, 0)).isEqualTo(PacketClass.EMPTY);
    }

    @Test
    void emptyAndOutOfBoundsInputNeverThrows() {
        assertThat(PacketClassifier.classify(new byte[0], 0, 0)).isEqualTo(PacketClass.EMPTY);
        assertThat(PacketClassifier.classify(null, 0, 0)).isEqualTo(PacketClass.UNKNOWN);
        assertThat(PacketClassifier.classify(new byte[4], -1, 2)).isEqualTo(PacketClass.UNKNOWN);
        assertThat(PacketClassifier.classify(new byte[4], 0, -1)).isEqualTo(PacketClass.UNKNOWN);
        assertThat(PacketClassifier.classify(new byte[4], 3, 2)).isEqualTo(PacketClass.UNKNOWN);
        assertThat(PacketClassifier.classify(new byte[4], Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(PacketClass.UNKNOWN);
    }

    private static PacketClass classifyFirst(int first) {
        return PacketClassifier.classify(new byte[] {(byte) first, 0}, 0, 2);
    }
}
