package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generator against Janus's echotest, an independent WebRTC server (libnice, OpenSSL,
 * libsrtp): proof that it speaks real WebRTC. Janus runs in a private network namespace
 * (recipes/webrtc-peers.md), so the generator runs there too, as a child JVM; skipped unless this
 * runs as root with janus, unshare and ip installed. Correctness only.
 */
class WebRtcLoadJanusTest {
    @Test
    void everySessionEstablishesWithJanusAndEveryPacketComesBackIntact() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: the Janus test needs a network namespace");
        for (String tool : List.of("/usr/bin/janus", "/usr/bin/unshare", "/usr/bin/curl")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (scripts/install-test-deps): Janus test skipped");
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")), "ip is not installed");
        Path dir = Files.createTempDirectory("lg-janus");
        Path conf = Path.of(System.getProperty("voxedge.repo.root", "..")).resolve("loadgen/janus");
        for (String f : List.of("janus.jcfg", "janus.plugin.echotest.jcfg", "janus.transport.http.jcfg")) {
            Files.writeString(dir.resolve(f), Files.readString(conf.resolve(f)).replace("$CONF_DIR", dir.toString()));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path json = dir.resolve("janus.json");
        String script = String.join("\n",
                "set -eu",
                "ip link set lo up",
                "ip link add v0 type veth peer name v1",
                "ip addr add 127.0.1.1/32 dev v0",
                "ip link set v1 up; ip link set v0 up",
                "janus -C " + dir.resolve("janus.jcfg") + " -F " + dir + " > " + dir.resolve("janus.log") + " 2>&1 &",
                "jp=$!",
                "trap 'kill $jp 2>/dev/null; wait $jp 2>/dev/null' EXIT",
                "for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:8088/janus/info && break; sleep 0.1; done",
                "\"" + java + "\" -cp \"" + System.getProperty("java.class.path") + "\" " + LoadGenMain.class.getName()
                        + " webrtc --target=janus --url=http://127.0.0.1:8088/janus --local-ip=127.0.1.1 --server-pid=$jp"
                        + " --sessions=3 --seconds=3 --rate=20 --loops=1 --json=" + json);
        Files.writeString(dir.resolve("run.sh"), script + "\n");
        Process p = new ProcessBuilder("unshare", "-n", "bash", dir.resolve("run.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the Janus run did not end in 90 s:\n" + Files.readString(dir.resolve("out.txt")));
        }
        String out = Files.readString(dir.resolve("out.txt"));
        System.out.print(out);
        assertThat(p.exitValue()).as(out).isZero();
        JsonObject step = new JsonObject(Files.readString(json)).getJsonArray("steps").getJsonObject(0);
        assertThat(step.getJsonObject("failures").getMap()).isEmpty();
        assertThat(step.getInteger("established")).isEqualTo(3);
        long sent = step.getLong("packetsSent");
        assertThat(sent).isGreaterThanOrEqualTo(3 * 3 * 50 - 6);
        assertThat(step.getLong("packetsEchoed")).isEqualTo(sent);
        assertThat(step.getLong("corrupt")).isZero();
        assertThat(step.getLong("misrouted")).isZero();
        assertThat(step.getJsonObject("rttMs").getLong("count")).isPositive();
        // Janus answered setup:active, so this ran our DTLS server side; the split shows every phase.
        assertThat(step.getJsonObject("dtlsMs").getDouble("p50")).isPositive();
        assertThat(out).contains("[janus 3]");
    }
}
