package net.voxedge.edge.interop;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Real headless Chromium as a WHIP client: runs {@code node src/test/js/whip-client.js <config>} (playwright-core
 * driving /usr/bin/chromium), which makes {@code sessions} concurrent calls in ONE browser ({@code callsPerPage}
 * RTCPeerConnections per page, default 1) and returns the driver's single JSON result line.
 *
 * <p>Result shape: {@code {ok, browser, elapsedMs, pagesReadyMs, errors[], sessions[]}}; each session has {@code ok,
 * errors[], http.post{status,location,body (when not 201)}, http.delete{status}, connectMs, timeline[],
 * offerCandidates[], gatheredCandidates[], transport{srtpCipher,dtlsCipher,tlsVersion,
 * dtlsState,...}, pair{currentRoundTripTime,local,remote}, samples[] (every sampleMs), final{inbound, outbound,
 * source, remoteInbound}, drained{packetsSent, packetsReceived, settled} (counted after the browser stopped sending and
 * the echo stopped arriving), echoLevel, echoPeakLevel, sourceLevel, answerSdp, offerSdp}. Over the second half of the
 * sampling window, {@code echoLevel} is the received level from energy (concealed audio counts as silence, so late
 * or lost packets pull it down) and {@code echoPeakLevel} the loudest instantaneous reading; with a sine WAV both
 * equal the sine's amplitude when the echo is clean and timely. See whip-client.js for every config key.
 */
public final class ChromiumPeer {
    /** Extra time the Java side grants over the driver's own hard stop before it kills the tree. */
    private static final Duration KILL_MARGIN = Duration.ofSeconds(15);
    private final Path scratch;

    /** @param scratch where driver stdout/stderr files go (the caller deletes it) */
    public ChromiumPeer(Path scratch) {
        this.scratch = scratch;
    }

    /** {@code sessions} calls to {@code callsUrl}, each sampling stats for {@code durationSec} once connected. */
    public JsonObject call(URI callsUrl, String token, Path wav, int sessions, double durationSec)
            throws IOException, InterruptedException {
        return run(new JsonObject().put("url", callsUrl.toString()).put("token", token).put("wav", wav.toString())
                .put("sessions", sessions).put("durationSec", durationSec));
    }

    /**
     * Runs the driver with a raw config (keys as in whip-client.js). Never returns null: a driver that printed
     * no result still yields {@code {ok:false, errors:[...]}} with its exit code and stderr.
     */
    public JsonObject run(JsonObject config) throws IOException, InterruptedException {
        Path js = JsPeerDirectory.ensureInstalled();
        JsonObject cfg = config.copy();
        int sessions = cfg.getInteger("sessions", 1);
        long connectMs = cfg.getLong("connectTimeoutMs", 10_000L);
        double durationSec = cfg.getDouble("durationSec", 5.0);
        long drainMs = cfg.getLong("drainMs", 3000L);
        long timeoutMs = cfg.getLong("timeoutMs", 30_000L + connectMs + (long) (durationSec * 1000) + drainMs + sessions * 2000L);
        cfg.put("timeoutMs", timeoutMs);
        BoundedProcess.Result r = BoundedProcess.run(
                List.of("node", js.resolve("whip-client.js").toString(), cfg.encode()), js,
                Duration.ofMillis(timeoutMs).plus(KILL_MARGIN), scratch);
        return PeerResult.parse(r);
    }
}
