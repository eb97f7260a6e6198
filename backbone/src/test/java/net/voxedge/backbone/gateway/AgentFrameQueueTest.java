package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ring against a plain deque under random pushes, pops and tag removals. */
class AgentFrameQueueTest {
    @Test
    void behavesLikeABoundedFifoWithTagRemoval() {
        Random r = new Random(7);
        AgentFrameQueue q = new AgentFrameQueue(300);
        ArrayDeque<int[]> model = new ArrayDeque<>(); // {tag, index, firstByte}
        int counter = 0;
        for (int op = 0; op < 50_000; op++) {
            int what = r.nextInt(10);
            if (what < 6) {
                byte[] slot = q.reserve(10);
                if (model.size() == 300) {
                    assertThat(slot).isNull();
                    continue;
                }
                int tag = 1 + counter / 40;
                slot[0] = (byte) counter;
                q.commit(1 + r.nextInt(10), tag, counter, counter, counter);
                model.add(new int[] {tag, counter, (byte) counter});
                counter++;
            } else if (what < 9) {
                q.pop();
                model.poll();
            } else if (!model.isEmpty()) {
                int tag = model.peek()[0] + r.nextInt(2);
                int expected = (int) model.stream().filter(e -> e[0] == tag).count();
                assertThat(q.removeTag(tag)).isEqualTo(expected);
                model.removeIf(e -> e[0] == tag);
            }
            assertThat(q.size()).isEqualTo(model.size());
            if (!model.isEmpty()) {
                assertThat(q.headTag()).isEqualTo(model.peek()[0]);
                assertThat(q.headFrameIndex()).isEqualTo(model.peek()[1]);
                assertThat(q.headDue()).isEqualTo(model.peek()[1]);
                assertThat(q.headPayload()[0]).isEqualTo((byte) model.peek()[2]);
            }
        }
        List<Integer> rest = new ArrayList<>();
        while (!q.isEmpty()) {
            rest.add(q.headFrameIndex());
            q.pop();
        }
        assertThat(rest).isEqualTo(model.stream().map(e -> e[1]).toList());
        assertThat(q.clear()).isZero();
    }
}
