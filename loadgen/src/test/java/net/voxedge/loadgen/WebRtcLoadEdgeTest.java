package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.loadgen.dtls.DtlsIdentity;
import net.voxedge.loadgen.signaling.WhipSignaling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generator against our edge daemon, in-process on loopback: a small bounded run (3 sessions,
 * 3 s of media) must establish every session over real ICE, DTLS-SRTP and SRTP, get back exactly
 * the packets it sent with their content intact, and fill the RTT histogram. Correctness only:
 * no timing figure is asserted.
 */
class WebRtcLoadEdgeTest {
    private static EdgeDaemon edge;
    private static final List<IoLoop> loops = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeDaemon.start(EdgeConfig.load(ConfigSource.empty()
                .with("dev", "true", "test")
                .with("signaling.bind", "127.0.0.1:0", "test")
                .with("media.bind", "127.0.0.1:0", "test")
                .with("media.workers", "1", "test")
                // The edge's STUN probes exercise our answers to a server's checks.
                .with("ice.probeIntervalSeconds", "1", "test")));
        loops.add(new IoLoop("lg-test-0"));
        loops.add(new IoLoop("lg-test-1"));
    }

    @AfterAll
    static void stop() {
        loops.forEach(IoLoop::close);
        if (edge != null) {
            edge.close();
        }
    }

    @ParameterizedTest
    // The two profiles the edge offers (dtls.srtpProfiles).
    @EnumSource(value = SrtpProfile.class, names = {"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    void everySessionEstablishesAndEveryPacketComesBackIntact(SrtpProfile profile) throws Exception {
        WebRtcLoad.Settings settings = new WebRtcLoad.Settings("127.0.0.1", "actpass", new SrtpProfile[] {profile}, 120,
                DtlsIdentity.generate());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        JsonObject r;
        try (WhipSignaling whip = new WhipSignaling(URI.create(edge.callsUrl()), edge.mintToken("loadgen-test", 300))) {
            r = new WebRtcLoad(settings, whip, loops, new PrintStream(lines, true, StandardCharsets.UTF_8),
                    ProcessHandle.current().pid()).runStep(3, 20, 3);
        }
        System.out.print(lines.toString(StandardCharsets.UTF_8));
        System.out.println(r.encodePrettily());
        assertThat(r.getJsonObject("failures").getMap()).isEmpty();
        assertThat(r.getInteger("established")).isEqualTo(3);
        assertThat(r.getInteger("failed")).isZero();
        long sent = r.getLong("packetsSent");
        // 3 sessions x 3 s at 50 packets/s, plus whatever the setup grace and ramp added.
        assertThat(sent).isGreaterThanOrEqualTo(3 * 3 * 50 - 3 * 2);
        // Loopback drops nothing here: every packet comes back, once, unchanged, to the session that sent it.
        assertThat(r.getLong("packetsEchoed")).isEqualTo(sent);
        assertThat(r.getLong("packetsLost")).isZero();
        assertThat(r.getLong("duplicates")).isZero();
        assertThat(r.getLong("corrupt")).isZero();
        assertThat(r.getLong("misrouted")).isZero();
        assertThat(r.getLong("srtpFailures")).isZero();
        assertThat(r.getJsonObject("rttMs").getLong("count")).isPositive();
        assertThat(r.getJsonObject("rttMs").getDouble("p50")).isPositive();
        assertThat(r.getJsonObject("setupMs").getDouble("p50")).isPositive();
        assertThat(r.getJsonObject("dtlsMs").getDouble("p99")).isPositive();
        assertThat(lines.toString(StandardCharsets.UTF_8)).contains("[whip 3]").contains("pps");
        // The edge saw our DELETEs: no session of ours is left behind.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (edge.sessions().registry().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(edge.sessions().registry().size()).isZero();
    }
}
