package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetransmitBufferTest {
    @Test
    void arenaWrapsAndReclaimsInAllocationOrder() {
        RetransmitBuffer b = new RetransmitBuffer(3000, 16, 4);
        int a = b.add(0, 0, 1196, 0);
        int c = b.add(0, 1, 1196, 0);
        assertThat(b.add(1, 0, 1196, 0)).isEqualTo(-1); // 608 bytes left at the end
        b.remove(c); // not the oldest: no space comes back yet
        assertThat(b.add(1, 0, 700, 0)).isEqualTo(-1);
        b.remove(a);
        assertThat(b.liveBytes()).isZero();
        int d = b.add(1, 0, 2000, 0);
        assertThat(d).isNotNegative();
        assertThat(b.offset(d)).isZero();
        assertThat(b.streamHead(1)).isEqualTo(d);
        assertThat(b.streamHead(0)).isEqualTo(-1);
    }

    @Test
    void neverOverlapsLiveFramesUnderRandomTraffic() {
        RetransmitBuffer b = new RetransmitBuffer(10_000, 64, 8);
        Random r = new Random(3);
        List<Integer> live = new ArrayList<>();
        byte[] owner = new byte[10_000];
        int[] seqs = new int[8];
        for (int i = 0; i < 50_000; i++) {
            if (r.nextInt(3) > 0) {
                int slot = r.nextInt(8);
                int len = 1 + r.nextInt(1200);
                int d = b.add(slot, seqs[slot], len, i);
                if (d >= 0) {
                    seqs[slot]++;
                    for (int k = b.offset(d); k < b.offset(d) + len; k++) {
                        assertThat(owner[k]).isZero();
                        owner[k] = 1;
                    }
                    live.add(d);
                }
            } else if (!live.isEmpty()) {
                int d = live.remove(r.nextInt(live.size()));
                for (int k = b.offset(d); k < b.offset(d) + b.length(d); k++) {
                    owner[k] = 0;
                }
                b.remove(d);
            }
            assertThat(b.liveFrames()).isEqualTo(live.size());
        }
        // per-stream lists stay in seq order
        for (int slot = 0; slot < 8; slot++) {
            int prev = Integer.MIN_VALUE;
            for (int d = b.streamHead(slot); d >= 0; d = b.nextInStream(d)) {
                assertThat(b.seq(d)).isGreaterThan(prev);
                prev = b.seq(d);
            }
        }
        ArrayDeque<Integer> unused = new ArrayDeque<>();
        assertThat(unused).isEmpty();
    }
}
