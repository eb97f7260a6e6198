package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeldMediaTest {

    @Test
    void keepsDatagramsInOrderWithTheirKind() {
        HeldMedia h = new HeldMedia();
        byte[] buf = new byte[300];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) i;
        }
        assertThat(h.add(buf, 10, 100, false)).isTrue();
        assertThat(h.add(buf, 200, 50, true)).isTrue();
        assertThat(h.count()).isEqualTo(2);
        assertThat(Arrays.copyOfRange(h.bytes(), h.offset(0), h.offset(0) + h.length(0)))
                .isEqualTo(Arrays.copyOfRange(buf, 10, 110));
        assertThat(Arrays.copyOfRange(h.bytes(), h.offset(1), h.offset(1) + h.length(1)))
                .isEqualTo(Arrays.copyOfRange(buf, 200, 250));
        assertThat(h.isRtcp(0)).isFalse();
        assertThat(h.isRtcp(1)).isTrue();
    }

    @Test
    void refusesBeyondThePacketBound() {
        HeldMedia h = new HeldMedia();
        byte[] p = new byte[20];
        for (int i = 0; i < HeldMedia.MAX_PACKETS; i++) {
            assertThat(h.add(p, 0, p.length, false)).isTrue();
        }
        assertThat(h.add(p, 0, p.length, false)).isFalse();
        assertThat(h.count()).isEqualTo(HeldMedia.MAX_PACKETS);
    }

    @Test
    void refusesBeyondTheByteBoundAndEmptyOrOversizedDatagrams() {
        HeldMedia h = new HeldMedia();
        byte[] big = new byte[HeldMedia.MAX_BYTES];
        int rest = HeldMedia.MAX_BYTES - 2 * HeldMedia.MAX_DATAGRAM;
        assertThat(h.add(big, 0, 0, false)).isFalse();
        assertThat(h.add(big, 0, HeldMedia.MAX_DATAGRAM + 1, false)).as("larger than a replay buffer takes").isFalse();
        assertThat(h.add(big, 0, HeldMedia.MAX_DATAGRAM, false)).isTrue();
        assertThat(h.add(big, 0, HeldMedia.MAX_DATAGRAM, false)).isTrue();
        assertThat(h.add(big, 0, rest + 1, true)).as("one byte too many").isFalse();
        assertThat(h.add(big, 0, rest, true)).isTrue();
        assertThat(h.add(big, 0, 1, false)).as("no byte left").isFalse();
        assertThat(h.count()).isEqualTo(3);
    }
}
