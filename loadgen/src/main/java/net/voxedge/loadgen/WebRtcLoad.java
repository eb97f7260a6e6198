package net.voxedge.loadgen;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.loadgen.dtls.DtlsIdentity;
import net.voxedge.loadgen.signaling.Signaling;
import org.HdrHistogram.Histogram;

/**
 * One step of a WebRTC load run: opens {@code sessions} emulated calls at {@code openRate} per
 * second through a {@link Signaling} adapter, lets them stream for {@code mediaSeconds} once the
 * ramp is done, stops sending, waits for the last echoes, hangs up, and measures. Bounded: the
 * ramp, a setup grace of {@link #SETUP_GRACE_NANOS}, the media window and the drain are all fixed
 * in advance, so a step ends on time whatever the server does.
 */
public final class WebRtcLoad {
    /** Longest a session may take from offer to first echo before the media window starts anyway. */
    static final long SETUP_GRACE_NANOS = 15_000_000_000L;
    /** Time after the last packet for echoes still in flight. */
    static final long DRAIN_NANOS = 1_000_000_000L;
    /** Upper bound on one step's session count (file descriptors and ports: one socket each). */
    public static final int MAX_SESSIONS = 5000;
    /** Upper bound on one step's media window. */
    public static final int MAX_MEDIA_SECONDS = 600;

    /**
     * What every session of a run shares.
     *
     * @param setup the offer's {@code a=setup} ({@code actpass} normally)
     * @param profiles SRTP profiles offered in DTLS use_srtp, in preference order
     * @param payloadBytes RTP payload per packet ({@link EchoPayload#HEADER_LENGTH}..{@link EchoPayload#MAX_LENGTH})
     */
    public record Settings(String localIp, String setup, SrtpProfile[] profiles, int payloadBytes, DtlsIdentity identity) {
        public Settings {
            if (payloadBytes < EchoPayload.HEADER_LENGTH || payloadBytes > EchoPayload.MAX_LENGTH) {
                throw new IllegalArgumentException("payload bytes must be " + EchoPayload.HEADER_LENGTH + ".."
                        + EchoPayload.MAX_LENGTH + ": " + payloadBytes);
            }
            if (profiles.length == 0) {
                throw new IllegalArgumentException("at least one SRTP profile");
            }
        }
    }

    private final Settings settings;
    private final Signaling signaling;
    private final List<IoLoop> loops;
    private final PrintStream out;
    private final long serverPid;

    /** @param serverPid the server's process id for CPU figures, or 0 for none */
    public WebRtcLoad(Settings settings, Signaling signaling, List<IoLoop> loops, PrintStream out, long serverPid) {
        this.settings = settings;
        this.signaling = signaling;
        this.loops = loops;
        this.out = out;
        this.serverPid = serverPid;
    }

    /** Runs one step and returns its figures (see loadgen/README.md for every field). */
    public JsonObject runStep(int sessions, double openRate, int mediaSeconds) throws InterruptedException {
        if (sessions < 1 || sessions > MAX_SESSIONS) {
            throw new IllegalArgumentException("sessions must be 1.." + MAX_SESSIONS + ": " + sessions);
        }
        if (mediaSeconds < 1 || mediaSeconds > MAX_MEDIA_SECONDS) {
            throw new IllegalArgumentException("media seconds must be 1.." + MAX_MEDIA_SECONDS + ": " + mediaSeconds);
        }
        if (!(openRate > 0)) {
            throw new IllegalArgumentException("open rate must be > 0: " + openRate);
        }
        List<WebRtcSession> all = new ArrayList<>(sessions);
        Progress progress = new Progress(signaling.name() + " " + sessions, loops, out, serverPid,
                () -> sessionsText(all, sessions), () -> lostSoFar(all));
        long rampStart = System.nanoTime();
        long nextPrint = rampStart + 1_000_000_000L;
        for (int i = 0; i < sessions; i++) {
            long due = rampStart + (long) (i * 1e9 / openRate);
            nextPrint = sleepUntil(due, nextPrint, progress);
            IoLoop loop = loops.get(i % loops.size());
            WebRtcSession s = new WebRtcSession(i, settings, signaling, loop);
            all.add(s);
            loop.execute(s::start);
        }
        long setupDeadline = System.nanoTime() + SETUP_GRACE_NANOS;
        while (System.nanoTime() < setupDeadline && !allSettled(all)) {
            nextPrint = sleepUntil(Math.min(setupDeadline, System.nanoTime() + 50_000_000L), nextPrint, progress);
        }
        long lastEstablished = 0;
        // The media window: everyone who will connect has; RTT and CPU count from here.
        progress.resetHistograms();
        long windowStart = System.nanoTime();
        long server0 = CpuTicks.read(serverPid);
        long client0 = CpuTicks.read(ProcessHandle.current().pid());
        long windowEnd = windowStart + mediaSeconds * 1_000_000_000L;
        while (System.nanoTime() < windowEnd) {
            nextPrint = sleepUntil(windowEnd, nextPrint, progress);
        }
        long server1 = CpuTicks.read(serverPid);
        long client1 = CpuTicks.read(ProcessHandle.current().pid());
        long windowNanos = System.nanoTime() - windowStart;
        onEachLoop(all, WebRtcSession::stopSending);
        Thread.sleep(DRAIN_NANOS / 1_000_000);
        progress.tick();
        Histogram rtt = progress.rtt();
        Histogram late = progress.tickLate();
        barrier(); // the sessions' fields, written on the loops, are visible from here on

        JsonObject r = new JsonObject();
        r.put("target", signaling.name()).put("sessions", sessions).put("openRatePerSecond", openRate)
                .put("mediaSeconds", mediaSeconds).put("payloadBytes", settings.payloadBytes());
        int established = 0;
        Map<String, Integer> failures = new LinkedHashMap<>();
        List<Long> total = new ArrayList<>();
        List<Long> sig = new ArrayList<>();
        List<Long> ice = new ArrayList<>();
        List<Long> dtls = new ArrayList<>();
        List<Long> firstEcho = new ArrayList<>();
        long sent = 0;
        long received = 0;
        long dups = 0;
        long corrupt = 0;
        long misrouted = 0;
        long srtpFail = 0;
        long firstOffer = Long.MAX_VALUE;
        for (WebRtcSession s : all) {
            firstOffer = Math.min(firstOffer, s.t0 == 0 ? Long.MAX_VALUE : s.t0);
            if (s.established()) {
                established++;
                lastEstablished = Math.max(lastEstablished, s.tFirstEcho);
                total.add(s.tFirstEcho - s.t0);
                sig.add(s.tAnswer - s.t0);
                ice.add(s.tIce - s.tAnswer);
                dtls.add(s.tDtls - s.tIce);
                firstEcho.add(s.tFirstEcho - s.tDtls);
            } else {
                String why = s.failure != null ? s.failure : "no echo (state " + s.state + ")";
                failures.merge(why.length() > 160 ? why.substring(0, 160) : why, 1, Integer::sum);
            }
            sent += s.sent;
            received += s.tracker.received();
            dups += s.tracker.duplicates();
            corrupt += s.corrupt;
            misrouted += s.misrouted;
            srtpFail += s.srtpFailures;
        }
        r.put("established", established).put("failed", sessions - established);
        JsonObject fr = new JsonObject();
        failures.forEach(fr::put);
        r.put("failures", fr);
        r.put("setupMs", split(total)).put("signalingMs", split(sig)).put("iceMs", split(ice))
                .put("dtlsMs", split(dtls)).put("firstEchoMs", split(firstEcho));
        double setupSpan = (lastEstablished - firstOffer) / 1e9;
        r.put("setupsPerSecond", established > 0 && setupSpan > 0 ? round(established / setupSpan) : null);
        r.put("rttMs", rttJson(rtt));
        long lost = Math.max(0, sent - received);
        r.put("packetsSent", sent).put("packetsEchoed", received).put("packetsLost", lost)
                .put("lossPercent", sent == 0 ? null : round(100.0 * lost / sent, 4))
                .put("duplicates", dups).put("corrupt", corrupt).put("misrouted", misrouted).put("srtpFailures", srtpFail);
        double serverCpu = CpuTicks.percent(server0, server1, windowNanos);
        double clientCpu = CpuTicks.percent(client0, client1, windowNanos);
        r.put("serverPid", serverPid > 0 ? serverPid : null)
                .put("serverCpuPercent", Double.isNaN(serverCpu) ? null : round(serverCpu))
                .put("serverCpuPercentPerSession", Double.isNaN(serverCpu) || established == 0 ? null
                        : round(serverCpu / established, 4))
                .put("clientCpuPercent", Double.isNaN(clientCpu) ? null : round(clientCpu));
        r.put("generatorTickLateMs", new JsonObject()
                .put("p99", round(late.getValueAtPercentile(99) / 1000.0, 3))
                .put("max", round(late.getMaxValue() / 1000.0, 3)));
        onEachLoop(all, WebRtcSession::close);
        barrier();
        return r;
    }

    private static String sessionsText(List<WebRtcSession> all, int target) {
        int up = 0;
        int failed = 0;
        for (int i = 0; i < all.size(); i++) {
            WebRtcSession s = all.get(i);
            if (s.state == WebRtcSession.State.FAILED) {
                failed++;
            } else if (s.state == WebRtcSession.State.MEDIA) {
                up++;
            }
        }
        return String.format("sessions %d/%d up, %d failed", up, target, failed);
    }

    /** Gaps behind each session's highest echoed sequence; read racily from the loops' threads (a progress figure). */
    private static long lostSoFar(List<WebRtcSession> all) {
        long lost = 0;
        for (int i = 0; i < all.size(); i++) {
            lost += all.get(i).tracker.missingBehindHighest();
        }
        return lost;
    }

    private static boolean allSettled(List<WebRtcSession> all) {
        for (WebRtcSession s : all) {
            if (s.state != WebRtcSession.State.FAILED && !(s.state == WebRtcSession.State.MEDIA && s.tFirstEcho != 0)) {
                return false;
            }
        }
        return true;
    }

    private long sleepUntil(long due, long nextPrint, Progress progress) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            if (now >= nextPrint) {
                progress.tick();
                nextPrint += 1_000_000_000L;
                continue;
            }
            long until = Math.min(due, nextPrint);
            if (now >= due) {
                return nextPrint;
            }
            TimeUnit.NANOSECONDS.sleep(until - now);
        }
    }

    private void onEachLoop(List<WebRtcSession> all, Consumer<WebRtcSession> action) {
        for (WebRtcSession s : all) {
            s.loopOf().execute(() -> action.accept(s));
        }
    }

    /** Waits until every loop has run every task queued before this call. */
    private void barrier() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(loops.size());
        for (IoLoop l : loops) {
            l.execute(done::countDown);
        }
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a generator loop did not answer within 10 s");
        }
    }

    static JsonObject split(List<Long> nanos) {
        Percentiles p = new Percentiles(nanos.stream().mapToLong(Long::longValue).toArray());
        JsonObject o = new JsonObject();
        if (p.count() == 0) {
            return o.put("p50", null).put("p99", null);
        }
        return o.put("p50", round(p.at(50) / 1e6, 3)).put("p99", round(p.at(99) / 1e6, 3)).put("max", round(p.at(100) / 1e6, 3));
    }

    static JsonObject rttJson(Histogram h) {
        JsonObject o = new JsonObject().put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return o.put("p50", null).put("p99", null).put("p999", null).put("max", null);
        }
        return o.put("p50", round(h.getValueAtPercentile(50) / 1000.0, 3))
                .put("p99", round(h.getValueAtPercentile(99) / 1000.0, 3))
                .put("p999", round(h.getValueAtPercentile(99.9) / 1000.0, 3))
                .put("max", round(h.getMaxValue() / 1000.0, 3));
    }

    static double round(double v) {
        return round(v, 2);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
