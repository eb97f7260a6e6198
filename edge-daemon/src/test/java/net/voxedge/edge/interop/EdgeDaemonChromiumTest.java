package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.PacketClassLabel;
import net.voxedge.edge.signaling.BearerAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real headless Chromium against OUR edge daemon (in this JVM): every call must connect over ICE-lite and
 * DTLS-SRTP on the suite the daemon was told to use, hear its own audio back at the level it sent, see round-trip
 * times from both STUN and our RTCP reports, and leave nothing behind in the daemon once it is deleted.
 *
 * <p>Levels: each WAV is a sine at a known amplitude (or espeak-ng speech with a known peak); Chromium's received
 * {@code audioLevel} is the peak of the decoded echo, so a clean echo reports the file's amplitude. Every test
 * starts its own daemon, so counters and the registry start from zero.
 */
@Tag(InteropTag.NAME)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EdgeDaemonChromiumTest {
    /**
     * Concurrent calls from one browser. On the 2-core machine 24 pass reliably even with other builds running
     * (and 36 passed); at 48 Chromium itself runs out of CPU (connects take 7-9 s, audio is time-stretched).
     * {@code -Dvoxedge.interop.manyCalls=N} tries another number.
     */
    private static final int MANY_CALLS = Integer.getInteger("voxedge.interop.manyCalls", 24);
    /** Calls share pages (one renderer per 12 RTCPeerConnections): far cheaper than a page per call. */
    private static final int CALLS_PER_PAGE = 12;
    private static final Duration FREE_LIMIT = Duration.ofSeconds(10);
    /** Opus keeps a sine's peak within about 1 %; 10 % of the amplitude leaves room and still tells 0.5 from 0.25. */
    private static final double LEVEL_TOLERANCE = 0.1;
    private static ScratchDir scratch;
    private static Path sineHalf;
    private static Path sineQuarter;

    @BeforeAll
    static void requireToolsAndMakeAudio() throws Exception {
        for (String tool : List.of("/usr/bin/chromium", "/usr/bin/node", "/usr/bin/sox")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (scripts/install-test-deps)");
        }
        JsPeerDirectory.ensureInstalled();
        scratch = ScratchDir.create("voxedge-edge-chromium-");
        // 440 Hz x 10 s: a whole number of periods, so Chromium's looping of the file makes no click.
        sineHalf = TestAudio.sine(scratch.resolve("sine-0.5.wav"), 440, 0.5, 10);
        sineQuarter = TestAudio.sine(scratch.resolve("sine-0.25.wav"), 440, 0.25, 10);
    }

    @AfterAll
    static void removeScratch() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @ParameterizedTest(name = "dtls.srtpProfiles={0}")
    @CsvSource({"AEAD_AES_128_GCM, SRTP_AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80, SRTP_AES128_CM_HMAC_SHA1_80"})
    void aCallOnTheConfiguredSrtpSuiteConnectsHearsItsEchoAndIsFreedOnDelete(String profile, String chromiumName)
            throws Exception {
        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of("dtls.srtpProfiles", profile))) {
            // 5 s of sampling: Chromium's first audio RTCP report goes out about 2-3 s into the call, and the
            // remote-inbound RTT needs our report answering it.
            JsonObject result = new ChromiumPeer(scratch.path()).call(edge.callsUrl(), edge.token("suite-test"), sineHalf, 1, 5);

            JsonObject call = singleCall(result);
            report("suite " + profile, call);
            assertConnectedEcho(call, 0.5);
            assertThat(call.getJsonObject("transport").getString("srtpCipher")).isEqualTo(chromiumName);
            assertThat(call.getJsonObject("transport").getString("tlsVersion")).isEqualTo("FEFD");   // DTLS 1.2
            String answer = call.getString("answerSdp");
            assertThat(answer.lines()).contains("a=ice-lite", "a=setup:passive");
            assertThat(answer.lines().filter(l -> l.startsWith("a=candidate:"))).singleElement()
                    .satisfies(c -> assertThat(c).contains(" 127.0.0.1 ").contains(" typ host"));
            // Both round trips are measured: STUN (the browser's checks, our responses) and RTCP, where the
            // browser's remote-inbound-rtp RTT comes from the report blocks in OUR receiver/sender reports.
            // Chromium reports the pair RTT of the latest check in whole milliseconds, so one sub-millisecond
            // loopback check can read 0: the largest reading over the call must be positive.
            JsonObject fin = call.getJsonObject("final");
            assertThat(fin.getJsonObject("pair").getInteger("responsesReceived")).isPositive();
            assertThat(maxSample(call, "pairRtt")).as("candidate-pair currentRoundTripTime").isPositive();
            assertThat(fin.getJsonObject("remoteInbound")).as("remote-inbound-rtp (from our RTCP)").isNotNull();
            assertThat(fin.getJsonObject("remoteInbound").getInteger("roundTripTimeMeasurements")).isPositive();
            assertThat(fin.getJsonObject("remoteInbound").getDouble("roundTripTime")).isPositive();

            assertThat(call.getJsonObject("http").getJsonObject("delete").getInteger("status")).isEqualTo(200);
            assertFreed(edge, 1);
            // A correct SRTP implementation on both sides authenticates every packet.
            assertThat(edge.metrics().dropCount(DropReason.SRTP_AUTH_FAILED)).isZero();
            assertThat(edge.metrics().packetsOut(PacketClassLabel.RTCP)).isPositive();
        }
    }

    @Test
    void twoBrowsersAtDifferentAmplitudesEachHearTheirOwnLevel() throws Exception {
        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of())) {
            // Two Chromium processes at once, one per WAV: an echo at a constant level, or one client's audio
            // sent to the other, would fail one of them.
            JsonObject loudCall;
            JsonObject quietCall;
            try (ExecutorService browsers = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<JsonObject> loud = browsers.submit(() -> new ChromiumPeer(scratch.path())
                        .call(edge.callsUrl(), edge.token("loud"), sineHalf, 1, 4));
                Future<JsonObject> quiet = browsers.submit(() -> new ChromiumPeer(scratch.path())
                        .call(edge.callsUrl(), edge.token("quiet"), sineQuarter, 1, 4));
                loudCall = singleCall(loud.get(90, TimeUnit.SECONDS));
                quietCall = singleCall(quiet.get(90, TimeUnit.SECONDS));
            }
            report("amplitude 0.5", loudCall);
            report("amplitude 0.25", quietCall);

            assertConnectedEcho(loudCall, 0.5);
            assertConnectedEcho(quietCall, 0.25);
            assertThat(quietCall.getDouble("echoPeakLevel") / loudCall.getDouble("echoPeakLevel"))
                    .as("echo level ratio quiet/loud").isCloseTo(0.5, within(0.05));
            assertFreed(edge, 2);
        }
    }

    @Test
    void realSpeechComesBackWithTheFilesPeakLevel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/espeak-ng")), "espeak-ng is not installed (scripts/install-test-deps)");
        Path speech = TestAudio.speech(scratch.resolve("speech.wav"),
                "Hello, can you hear me clearly?");
        double filePeak = TestAudio.peakLevel(speech);
        double fileSeconds = TestAudio.seconds(speech);

        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of())) {
            // Chromium's audioLevel is the peak of the last 100 ms of decoded audio; sampling every 50 ms over the
            // second half of a window longer than two loops of the file sees every 100 ms block of one whole loop.
            double window = Math.ceil(2 * fileSeconds + 2);
            JsonObject result = new ChromiumPeer(scratch.path()).run(new JsonObject().put("url", edge.callsUrl().toString())
                    .put("token", edge.token("speech-test")).put("wav", speech.toString()).put("sessions", 1)
                    .put("durationSec", window).put("sampleMs", 50));

            JsonObject call = singleCall(result);
            report("speech (file peak " + filePeak + ", " + fileSeconds + " s)", call);
            assertThat(call.getBoolean("ok")).as("call %s", call.getJsonArray("errors")).isTrue();
            JsonObject inbound = call.getJsonObject("final").getJsonObject("inbound");
            assertThat(inbound.getDouble("totalAudioEnergy")).as("echoed speech energy").isPositive();
            // Opus changes a waveform's peak a little (it preserves the spectrum, not every sample).
            assertThat(call.getDouble("echoPeakLevel")).as("echoed speech peak vs the file's").isCloseTo(filePeak, within(0.1 * filePeak));
            assertThat(call.getJsonObject("http").getJsonObject("delete").getInteger("status")).isEqualTo(200);
            assertFreed(edge, 1);
        }
    }

    @Test
    void dozensOfConcurrentCallsFromOneBrowserEachHearTheirEchoAndAreAllFreed() throws Exception {
        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of())) {
            JsonObject result;
            DaemonState peak;
            double loopLatencyMs;
            try (DaemonWatch watch = edge.watch(); LoopLatencyProbe loops = edge.probeLoops()) {
                result = new ChromiumPeer(scratch.path()).run(new JsonObject().put("url", edge.callsUrl().toString())
                        .put("token", edge.token("many-test")).put("wav", sineHalf.toString()).put("sessions", MANY_CALLS)
                        .put("callsPerPage", CALLS_PER_PAGE).put("durationSec", 4).put("connectTimeoutMs", 20_000));
                watch.close();
                peak = watch.peak();
                loopLatencyMs = loops.maxMillis();
            }

            JsonArray calls = result.getJsonArray("sessions");
            List<String> summary = new ArrayList<>();
            for (Object o : calls) {
                JsonObject c = (JsonObject) o;
                JsonObject fin = c.getJsonObject("final", new JsonObject());
                JsonObject drained = c.getJsonObject("drained", new JsonObject());
                summary.add(c.getInteger("index") + ":" + c.getLong("connectMs") + "ms/" + c.getDouble("echoPeakLevel") + "/"
                        + drained.getValue("packetsReceived") + " of " + drained.getValue("packetsSent") + "/"
                        + fin.getJsonObject("pair", new JsonObject()).getValue("currentRoundTripTime"));
            }
            System.out.printf("[interop] %d calls in %d ms (pages ready %d ms), daemon peak %s, media loop task latency max %.1f ms,"
                            + " rtp in/out %.0f/%.0f, drops %s; index:connect/echoPeak/received of sent/pairRtt %s%n",
                    calls.size(), result.getLong("elapsedMs"), result.getLong("pagesReadyMs"), peak, loopLatencyMs,
                    edge.metrics().packetsIn(PacketClassLabel.RTP), edge.metrics().packetsOut(PacketClassLabel.RTP), edge.drops(), summary);
            assertThat(result.getBoolean("ok")).as("driver %s / %s", result.getJsonArray("errors"), summary).isTrue();
            assertThat(calls).hasSize(MANY_CALLS);
            for (Object o : calls) {
                assertConnectedEcho((JsonObject) o, 0.5);
            }
            assertThat(calls.stream().map(c -> ((JsonObject) c).getJsonObject("http").getJsonObject("post").getString("location")))
                    .doesNotHaveDuplicates().hasSize(MANY_CALLS);
            assertThat(calls.stream().map(c -> ((JsonObject) c).getJsonObject("http").getJsonObject("delete").getInteger("status")))
                    .containsOnly(200);
            assertThat(edge.sessionsStarted()).isEqualTo(MANY_CALLS);
            assertThat(peak.sessionsActive()).as("sessions alive at once").isEqualTo(MANY_CALLS);
            assertThat(peak.registered()).isEqualTo(MANY_CALLS);
            assertFreed(edge, MANY_CALLS);
        }
    }

    @Test
    void aBrowserWithSeveralInterfacesIsBoundFromEachOfThemAndStillHearsItsEcho() throws Exception {
        Set<String> interfaces = upIpv4Addresses();
        assumeTrue(interfaces.size() >= 2, "this machine has a single IPv4 address " + interfaces
                + ": the browser can check from one source address only, so there is nothing to show");
        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of())) {
            JsonObject result;
            DaemonState peak;
            try (DaemonWatch watch = edge.watch()) {
                result = new ChromiumPeer(scratch.path()).call(edge.callsUrl(), edge.token("interfaces-test"), sineHalf, 1, 3);
                watch.close();
                peak = watch.peak();
            }

            JsonObject call = singleCall(result);
            Set<String> gathered = ipv4HostCandidateAddresses(call.getJsonArray("gatheredCandidates"));
            report("interfaces " + interfaces + ", browser gathered " + gathered + ", daemon peak " + peak, call);
            assumeTrue(gathered.size() >= 2, "Chromium gathered IPv4 host candidates on " + gathered
                    + " only: it has one source address, so there is nothing to show");
            assertConnectedEcho(call, 0.5);
            // The offer carried only the 127.0.0.1 candidate; the browser still checks our one candidate from
            // every interface, and each authenticated source address is bound to the session.
            assertThat(peak.boundAddresses()).as("addresses bound to the one session").isBetween(2, gathered.size());
            assertThat(peak.registered()).isEqualTo(1);
            assertFreed(edge, 1);
        }
    }

    @Test
    void wrongExpiredAndForgedBearerTokensAre401WithAReasonTheBrowserCanRead() throws Exception {
        try (TestEdgeDaemon edge = TestEdgeDaemon.start(Map.of())) {
            String expired = edge.daemon().mintToken("expired-test", -120);
            String forged = new BearerAuth("a different key that is 32+ bytes long!".getBytes(StandardCharsets.UTF_8))
                    .mint("forged-test", 3600);
            JsonObject result = new ChromiumPeer(scratch.path()).run(new JsonObject().put("url", edge.callsUrl().toString())
                    .put("tokens", new JsonArray().add("not-a-jwt").add(expired).add(forged)).put("wav", sineHalf.toString())
                    .put("sessions", 3).put("callsPerPage", 3).put("durationSec", 1));

            assertThat(result.getBoolean("ok")).isFalse();
            JsonArray calls = result.getJsonArray("sessions");
            assertThat(calls).as("result %s", result).hasSize(3);
            List<String> reasons = new ArrayList<>();
            for (Object o : calls) {
                JsonObject post = ((JsonObject) o).getJsonObject("http").getJsonObject("post");
                assertThat(post.getInteger("status")).as("call %s", o).isEqualTo(401);
                assertThat(((JsonObject) o).getJsonObject("http").containsKey("delete")).isFalse();
                reasons.add(post.getString("body"));
            }
            System.out.printf("[interop] 401 reasons: %s%n", reasons);
            assertThat(reasons.get(0)).contains("not a well-formed JWT");
            assertThat(reasons.get(1)).contains("expired");
            assertThat(reasons.get(2)).contains("signature is not valid");
            assertThat(edge.sessionsStarted()).isZero();
            assertThat(edge.state().isEmpty()).isTrue();
        }
    }

    private static JsonObject singleCall(JsonObject result) {
        assertThat(result.getJsonArray("sessions")).as("driver result %s", result).hasSize(1);
        return result.getJsonArray("sessions").getJsonObject(0).put("driverErrors", result.getJsonArray("errors"));
    }

    /** Connected over DTLS-SRTP, and the echo came back complete at the amplitude the browser sent. */
    private static void assertConnectedEcho(JsonObject call, double amplitude) {
        assertThat(call.getBoolean("ok")).as("call %s: %s", call.getInteger("index"), call.getJsonArray("errors")).isTrue();
        assertThat(call.getJsonObject("http").getJsonObject("post").getInteger("status")).isEqualTo(201);
        assertThat(states(call.getJsonArray("timeline"))).contains("connected");
        assertThat(call.getJsonObject("transport").getString("dtlsState")).isEqualTo("connected");
        assertThat(call.getDouble("sourceLevel")).isCloseTo(amplitude, within(0.01));
        assertThat(call.getDouble("echoPeakLevel")).as("echo level of call %s", call.getInteger("index"))
                .isCloseTo(amplitude, within(LEVEL_TOLERANCE * amplitude));
        // Counted once the browser had stopped sending and the echo had stopped arriving, so a slow (starved)
        // machine's latency cannot hide a lost packet or fake one: every packet sent must come back.
        JsonObject drained = call.getJsonObject("drained");
        assertThat(drained.getBoolean("settled")).as("echo stopped arriving after sending stopped: %s", drained).isTrue();
        long sent = drained.getLong("packetsSent");
        assertThat(drained.getLong("packetsReceived")).as("echoed packets vs sent, call %s", call.getInteger("index"))
                .isBetween(sent - 2 - sent / 100, sent);
    }

    private static void assertFreed(TestEdgeDaemon edge, int deleted) throws InterruptedException {
        DaemonState left = edge.awaitFreed(FREE_LIMIT);
        assertThat(left).as("daemon state %s after DELETE", FREE_LIMIT).isEqualTo(new DaemonState(0, 0, 0));
        assertThat(edge.sessionsClosed(CloseReason.DELETED)).isEqualTo(deleted);
    }

    private static void report(String what, JsonObject call) {
        JsonObject fin = call.getJsonObject("final", new JsonObject());
        JsonArray samples = call.getJsonArray("samples", new JsonArray());
        long firstRtcpRtt = samples.stream().map(o -> (JsonObject) o).filter(o -> o.getValue("remoteInboundRtt") != null)
                .mapToLong(o -> o.getLong("t")).findFirst().orElse(-1);
        JsonObject drained = call.getJsonObject("drained", new JsonObject());
        System.out.printf("[interop] %s: ok=%s connect=%s ms cipher=%s echoPeak=%s echoLevel=%s sent=%s received=%s "
                        + "(drained after %s ms) pairRtt=%s (max %s) remoteInboundRtt=%s (%s measurements, first at t=%s ms of %s) pair=%s->%s delete=%s "
                        + "elapsed=%s ms errors=%s%n",
                what, call.getBoolean("ok"), call.getLong("connectMs"),
                call.getJsonObject("transport", new JsonObject()).getString("srtpCipher"),
                call.getDouble("echoPeakLevel"), call.getDouble("echoLevel"),
                drained.getValue("packetsSent"), drained.getValue("packetsReceived"), drained.getValue("waitedMs"),
                fin.getJsonObject("pair", new JsonObject()).getValue("currentRoundTripTime"), maxSample(call, "pairRtt"),
                fin.getJsonObject("remoteInbound", new JsonObject()).getValue("roundTripTime"),
                fin.getJsonObject("remoteInbound", new JsonObject()).getValue("roundTripTimeMeasurements"), firstRtcpRtt,
                samples.isEmpty() ? null : samples.getJsonObject(samples.size() - 1).getLong("t"),
                fin.getJsonObject("pair", new JsonObject()).getString("local"),
                fin.getJsonObject("pair", new JsonObject()).getString("remote"),
                call.getJsonObject("http", new JsonObject()).getValue("delete"), call.getLong("elapsedMs"), call.getJsonArray("errors"));
    }

    /** The largest value of a per-sample number over the call (0 when never reported). */
    private static double maxSample(JsonObject call, String key) {
        return call.getJsonArray("samples", new JsonArray()).stream().map(o -> ((JsonObject) o).getValue(key))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(0);
    }

    private static List<String> states(JsonArray timeline) {
        return timeline.stream().map(e -> ((JsonObject) e).getString("connectionState")).toList();
    }

    /** The IPv4 addresses of this machine's up interfaces, loopback included (Chromium is told to use it). */
    private static Set<String> upIpv4Addresses() throws SocketException {
        Set<String> out = new TreeSet<>();
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
            if (nif.isUp()) {
                for (InetAddress a : nif.inetAddresses().toList()) {
                    if (a instanceof Inet4Address) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        }
        return out;
    }

    /** Distinct addresses of UDP IPv4 host candidates ({@code candidate:f c udp prio ADDR port typ host}). */
    private static Set<String> ipv4HostCandidateAddresses(JsonArray candidates) {
        return candidates.stream().map(String::valueOf).map(c -> c.split(" "))
                .filter(f -> f.length > 7 && f[2].equalsIgnoreCase("udp") && f[7].equals("host") && f[4].matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))
                .map(f -> f[4]).collect(Collectors.toCollection(TreeSet::new));
    }
}
