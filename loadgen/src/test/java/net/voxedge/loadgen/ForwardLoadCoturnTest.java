package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TURN client against a real coturn on loopback (skipped when {@code turnserver} is not
 * installed: {@code apt-get install coturn}): long-term-credential Allocate, CreatePermission,
 * ChannelBind, then ChannelData through coturn to a UDP reflector and back; and the same flows
 * sent straight to the reflector. Correctness only: counts and content, no timing.
 */
class ForwardLoadCoturnTest {
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static Process coturn;
    private static Path dir;
    private static int port;
    private static UdpReflector reflector;
    private static IoLoop loop;

    @BeforeAll
    static void start() throws Exception {
        reflector = new UdpReflector(new InetSocketAddress("127.0.0.1", 0));
        loop = new IoLoop("lg-turn-test");
        if (!Files.isExecutable(TURNSERVER)) {
            return;
        }
        dir = Files.createTempDirectory("lg-coturn");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free for TCP now; coturn takes UDP and TCP of it
        }
        int relayLow = 50000 + (int) (ProcessHandle.current().pid() % 10) * 1000;
        coturn = new ProcessBuilder(TURNSERVER.toString(), "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--min-port=" + relayLow, "--max-port=" + (relayLow + 999), "--lt-cred-mech",
                "--user=bench:secret", "--realm=bench", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers",
                "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turn.pid"),
                "--log-file=" + dir.resolve("turn.log"), "--simple-log", "--no-stdout-log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        // Ready when it answers: the first Allocate of the test retransmits for 5 s, which covers start-up.
        Thread.sleep(300);
    }

    @AfterAll
    static void stop() throws Exception {
        if (coturn != null) {
            coturn.destroy();
            if (!coturn.waitFor(5, TimeUnit.SECONDS)) {
                coturn.destroyForcibly();
            }
        }
        if (loop != null) {
            loop.close();
        }
        if (reflector != null) {
            reflector.close();
        }
    }

    @Test
    void channelDataRoundTripsThroughCoturnAndTheReflector() throws Exception {
        assumeTrue(coturn != null, "coturn is not installed (apt-get install coturn): TURN test skipped");
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        ForwardLoad load = new ForwardLoad(List.of(loop), new PrintStream(lines, true, StandardCharsets.UTF_8),
                coturn.pid(), 160);
        JsonObject r = load.runStep(new ForwardLoad.Turn(new InetSocketAddress("127.0.0.1", port), "bench", "secret"),
                reflector.address(), 3, 20, 2);
        System.out.print(lines.toString(StandardCharsets.UTF_8));
        assertThat(r.getJsonObject("failures").getMap()).isEmpty();
        assertThat(r.getInteger("established")).isEqualTo(3);
        long sent = r.getLong("packetsSent");
        assertThat(sent).isGreaterThanOrEqualTo(3 * 2 * 50 - 6);
        assertThat(r.getLong("packetsEchoed")).isEqualTo(sent);
        assertThat(r.getLong("corrupt")).isZero();
        assertThat(r.getLong("misrouted")).isZero();
        assertThat(r.getJsonObject("rttMs").getLong("count")).isPositive();
        assertThat(r.getJsonObject("allocateMs").getDouble("p50")).isPositive();
        assertThat(r.getString("target")).isEqualTo("turn");
    }

    @Test
    void wrongPasswordFailsEveryAllocationWithA401() throws Exception {
        assumeTrue(coturn != null, "coturn is not installed (apt-get install coturn): TURN test skipped");
        ForwardLoad load = new ForwardLoad(List.of(loop), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                0, 160);
        JsonObject r = load.runStep(new ForwardLoad.Turn(new InetSocketAddress("127.0.0.1", port), "bench", "wrong"),
                reflector.address(), 2, 20, 1);
        assertThat(r.getInteger("established")).isZero();
        assertThat(r.getJsonObject("failures").fieldNames()).allMatch(f -> f.contains("401"));
    }

    @Test
    void directFlowsToTheReflectorComeBackIntact() throws Exception {
        ForwardLoad load = new ForwardLoad(List.of(loop), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                0, 160);
        JsonObject r = load.runStep(null, reflector.address(), 3, 50, 1);
        assertThat(r.getInteger("established")).isEqualTo(3);
        assertThat(r.getLong("packetsEchoed")).isEqualTo(r.getLong("packetsSent"));
        assertThat(r.getLong("corrupt")).isZero();
        assertThat(r.getValue("relayedPacketsPerSecond")).isNull();
    }
}
