package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.voxedge.backbone.adapter.EchoModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.adapter.ModelAdapterListener;
import net.voxedge.backbone.adapter.ModelSessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoAdapterFactoryTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String modelUrl) throws Exception {
        Path f = dir.resolve("gateway.conf");
        Files.writeString(f, "gateway { cluster = c1, bind = \"127.0.0.1:0\", model-url = \"" + modelUrl + "\" }");
        return GatewayConfig.load(f, Map.of(), name -> null);
    }

    @Test
    void echoUrlIsAcceptedAndOnlyThatOneBesidesWebSockets() throws Exception {
        assertThat(load(EchoAdapterFactory.URL).modelUrl()).isEqualTo("echo:");
        assertThatThrownBy(() -> load("echo://x")).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("must start with ws:// or wss://, or be echo:");
        assertThatThrownBy(() -> load("http://m/v1")).isInstanceOf(GatewayConfigException.class);
    }

    @Test
    void opensAnEchoPerSession() {
        List<Integer> lengths = new ArrayList<>();
        ModelAdapter a = new EchoAdapterFactory().open(new ModelSessionConfig("s1", null, null, null), new ModelAdapterListener() {
            @Override
            public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k,
                                     byte[] opus, int off, int len) {
                lengths.add(len);
            }
        });
        assertThat(a).isInstanceOf(EchoModelAdapter.class);
        a.sendUserAudio(new byte[] {0x78, 1, 2}, 0, 3, 1, 0);
        assertThat(lengths).containsExactly(3);
    }
}
