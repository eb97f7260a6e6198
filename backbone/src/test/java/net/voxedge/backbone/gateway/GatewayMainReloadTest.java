package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.tunnel.ControlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway process ({@link GatewayMain}, a child JVM) takes new tunnel keys on {@code kill -HUP}:
 * it starts with a key the test edge does not have, so nothing the edge sends can be read; after
 * the file gains the edge's key and the signal is sent, the edge's OPEN gets through and the
 * gateway's answer (a CLOSE: there is no model server) is sealed with a key the edge opens. A file
 * with an error is reported and changes nothing.
 */
class GatewayMainReloadTest {
    private static final long SESSION = 0x51L;

    @TempDir
    Path dir;

    private void writeConfig(Path file, int edgePort, String edgeKeys) throws Exception {
        Files.writeString(file, """
                gateway {
                  cluster = c1
                  bind = "127.0.0.1:0"
                  model-url = "ws://127.0.0.1:1/v1/realtime"
                  registry { enabled = false }
                  edges = [ { name = edge-a, address = "127.0.0.1:%d", link-id = %d, %s } ]
                }
                """.formatted(edgePort, TestEdge.LINK_ID, edgeKeys));
    }

    @Test
    void sighupMakesTheRunningGatewayTakeTheFilesNewKeys() throws Exception {
        Files.writeString(dir.resolve("other.key"), "00112233445566778899aabbccddeeff\n");
        Files.writeString(dir.resolve("edge.key"), HexFormat.of().formatHex(TestEdge.SECRET) + "\n");
        TestEdge edge = TestEdge.bind();
        Path conf = dir.resolve("gateway.conf");
        writeConfig(conf, edge.address().getPort(), "key-id = 9, secret { file = other.key }");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dchronicle.analytics.disable=true", GatewayMain.class.getName(), "--config=" + conf)
                .redirectError(dir.resolve("gateway.err").toFile()).start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        try {
            TestEdge.await(() -> out.stream().anyMatch(l -> l.startsWith("gateway: udp ")), "the gateway to listen");
            String udp = out.stream().filter(l -> l.startsWith("gateway: udp ")).findFirst().orElseThrow();
            int port = Integer.parseInt(udp.substring(udp.lastIndexOf(':') + 1));
            edge.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
            edge.open(SESSION, false, null); // sealed with a key the gateway lacks: retransmitted until it has it

            writeConfig(conf, edge.address().getPort(), "key-id = 9, secret { file = other.key }, color = red");
            hangUp(p);
            TestEdge.await(() -> errors().contains("tunnel keys not reloaded"), "the bad file reported");

            writeConfig(conf, edge.address().getPort(), "key-id = " + TestEdge.KEY_ID
                    + ", secret { file = edge.key }, accept-keys = [ { key-id = 9, secret { file = other.key } } ]");
            hangUp(p);
            TestEdge.await(() -> out.stream().anyMatch(l -> l.startsWith("gateway: keys reloaded")), "the reload");
            TestEdge.await(() -> !edge.controls.isEmpty(), "the gateway's answer to the OPEN");
            TestEdge.Control answer = edge.controls.getFirst();
            assertThat(answer.session()).isEqualTo(SESSION);
            assertThat(answer.type()).isEqualTo(ControlType.CLOSE);
            assertThat(answer.text()).startsWith("model_closed");
            assertThat(errors())
                    .contains("edge edge-a: tunnel keys reloaded: ids [3, 9], sealing with 3");
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            reader.join(2000);
            edge.close();
        }
    }

    private String errors() {
        try {
            return Files.readString(dir.resolve("gateway.err"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void hangUp(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
