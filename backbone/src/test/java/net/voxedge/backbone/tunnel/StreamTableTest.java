package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamTableTest {
    @Test
    void behavesLikeAMapUnderRandomAddsAndRemoves() {
        StreamTable t = new StreamTable(64);
        Map<String, Integer> model = new HashMap<>();
        Random r = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long session = r.nextInt(40);
            int stream = r.nextInt(3);
            String key = session + "/" + stream;
            if (r.nextBoolean()) {
                int slot = t.findOrAdd(session, stream);
                if (model.containsKey(key)) {
                    assertThat(slot).isEqualTo(model.get(key));
                    assertThat(t.lastAdded()).isFalse();
                } else if (model.size() == 64) {
                    assertThat(slot).isEqualTo(-1);
                } else {
                    assertThat(slot).isBetween(0, 63);
                    assertThat(t.lastAdded()).isTrue();
                    assertThat(model.containsValue(slot)).isFalse();
                    model.put(key, slot);
                }
            } else {
                int slot = t.find(session, stream);
                assertThat(slot).isEqualTo(model.getOrDefault(key, -1));
                if (slot >= 0) {
                    t.remove(slot);
                    model.remove(key);
                }
            }
            assertThat(t.size()).isEqualTo(model.size());
        }
    }
}
