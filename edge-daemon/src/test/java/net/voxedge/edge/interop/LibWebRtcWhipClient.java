package net.voxedge.edge.interop;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WHIP call from libwebrtc (webrtc-java): offer with full ICE gathering, POST, set the answer, push a sine
 * through a {@link CustomAudioSource} every 10 ms, sample stats every {@code sampleMs} for {@code durationSec},
 * DELETE, and report the same JSON shape as the Chromium driver ({@code {ok, errors, sessions:[call]}}).
 *
 * <p>libwebrtc never gathers 127.0.0.1, so this normally runs inside a private network namespace with a veth
 * address, launched by {@link LibWebRtcPeer}. Config keys: {@code url, token, durationSec (5), sampleMs (500),
 * connectTimeoutMs (10000), gatherTimeoutMs (5000), hz (440), amplitude (0.5), drainMs (3000: after sampling, stop
 * sending and wait up to this long until the echo stops arriving; 0 skips), candidateFilter ("127.0.1.1";
 * "" keeps all)}.
 *
 * <p>Run as a main: {@code java --enable-native-access=ALL-UNNAMED -cp ... LibWebRtcWhipClient '<json>'} prints
 * one JSON line and exits 0 when the call was ok.
 */
public final class LibWebRtcWhipClient {
    private static final int RATE = 48_000;
    private static final int FRAME = RATE / 100;   // libwebrtc takes audio in 10 ms frames
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private LibWebRtcWhipClient() {
    }

    public static void main(String[] args) {
        JsonObject result = run(new JsonObject(args[0]));
        System.out.println(result.encode());
        System.out.flush();
        // libwebrtc's native threads outlive main; exiting is the documented way out.
        System.exit(result.getBoolean("ok", false) ? 0 : 1);
    }

    /** Runs one call; never throws: failures are in {@code errors}. */
    public static JsonObject run(JsonObject cfg) {
        long t0 = System.nanoTime();
        JsonObject call = new JsonObject().put("index", 0).put("ok", false).put("http", new JsonObject());
        JsonArray errors = new JsonArray();
        JsonArray timeline = new JsonArray();
        JsonArray samples = new JsonArray();
        call.put("errors", errors).put("timeline", timeline).put("samples", samples);
        ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("audio-push").unstarted(r));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(STEP_TIMEOUT).build();
        URI location = null;
        RTCPeerConnection pc = null;
        try {
            // The headless ADM must be started before the factory exists, or libwebrtc aborts the JVM once media flows.
            HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
            adm.initPlayout();
            adm.startPlayout();
            adm.initRecording();
            adm.startRecording();
            PeerConnectionFactory factory = new PeerConnectionFactory(adm);
            CustomAudioSource source = new CustomAudioSource();
            AudioTrack track = factory.createAudioTrack("audio0", source);
            SineWriter sine = new SineWriter(cfg.getDouble("hz", 440.0), cfg.getDouble("amplitude", 0.5));
            call.put("localTrack", "CustomAudioSource sine " + cfg.getDouble("hz", 440.0) + " Hz at " + cfg.getDouble("amplitude", 0.5));
            // pushAudio must always come from the same thread.
            pusher.scheduleAtFixedRate(() -> source.pushAudio(sine.next(FRAME), 16, RATE, 1, FRAME), 0, 10, TimeUnit.MILLISECONDS);

            long[] sentAt = {-1};
            ReceivedPeak peak = new ReceivedPeak();
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            CompletableFuture<Void> connected = new CompletableFuture<>();
            Consumer<String> mark = what -> {
                synchronized (timeline) {
                    timeline.add(new JsonObject().put("t", millisSince(t0)).put("event", what)
                            .put("sinceSendMs", sentAt[0] < 0 ? null : millisSince(sentAt[0])));
                }
            };
            pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                }

                @Override
                public void onIceGatheringChange(RTCIceGatheringState state) {
                    if (state == RTCIceGatheringState.COMPLETE) {
                        gathered.complete(null);
                    }
                }

                @Override
                public void onConnectionChange(RTCPeerConnectionState state) {
                    mark.accept("connectionState " + state.name().toLowerCase());
                    if (state == RTCPeerConnectionState.CONNECTED) {
                        connected.complete(null);
                    }
                }

                @Override
                public void onIceConnectionChange(RTCIceConnectionState state) {
                    mark.accept("iceConnectionState " + state.name().toLowerCase());
                }

                @Override
                public void onTrack(RTCRtpTransceiver transceiver) {
                    if (transceiver.getReceiver().getTrack() instanceof AudioTrack remote) {
                        remote.addSink(peak::onData);
                    }
                }
            });
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_RECV;
            init.streamIds = List.of("s0");
            pc.addTransceiver(track, init);

            setLocal(pc, createOffer(pc));
            try {
                gathered.get(cfg.getLong("gatherTimeoutMs", 5000L), TimeUnit.MILLISECONDS);
                call.put("gatheringComplete", true);
            } catch (TimeoutException e) {
                call.put("gatheringComplete", false);
            }
            String keep = cfg.getString("candidateFilter", "127.0.1.1");
            JsonArray kept = new JsonArray();
            int[] dropped = {0};
            String offer = pc.getLocalDescription().sdp.lines().filter(l -> {
                if (!l.startsWith("a=candidate:")) {
                    return true;
                }
                String[] f = l.split(" ");
                boolean ok = keep.isEmpty() || (f.length > 4 && f[4].equals(keep));
                if (ok) {
                    kept.add(l.substring(2));
                } else {
                    dropped[0]++;
                }
                return ok;
            }).reduce(new StringBuilder(), (b, l) -> b.append(l).append("\r\n"), StringBuilder::append).toString();
            call.put("offerSdp", offer).put("offerCandidates", kept).put("droppedCandidates", dropped[0]);

            URI url = URI.create(cfg.getString("url"));
            String auth = "Bearer " + cfg.getString("token");
            sentAt[0] = System.nanoTime();
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(url).timeout(STEP_TIMEOUT)
                    .header("Authorization", auth).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
            String loc = post.headers().firstValue("Location").orElse(null);
            call.getJsonObject("http").put("post", new JsonObject().put("status", post.statusCode()).put("location", loc)
                    .put("contentType", post.headers().firstValue("Content-Type").orElse(null)).put("ms", millisSince(sentAt[0])));
            if (post.statusCode() != 201) {
                throw new IllegalStateException("POST " + url + " answered " + post.statusCode() + ": " + truncate(post.body()));
            }
            if (loc == null) {
                throw new IllegalStateException("201 without a Location header");
            }
            location = url.resolve(loc);
            call.put("answerSdp", post.body());
            setRemote(pc, new RTCSessionDescription(RTCSdpType.ANSWER, post.body()));

            long connectTimeout = cfg.getLong("connectTimeoutMs", 10_000L);
            try {
                connected.get(connectTimeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("not connected within " + connectTimeout + " ms (state "
                        + pc.getConnectionState() + "/" + pc.getIceConnectionState() + ")");
            }
            call.put("connectMs", millisSince(sentAt[0]));

            long sampleMs = cfg.getLong("sampleMs", 500L);
            long n = Math.max(1, Math.round(cfg.getDouble("durationSec", 5.0) * 1000 / sampleMs));
            JsonObject last = null;
            for (int i = 0; i < n; i++) {
                Thread.sleep(sampleMs);
                last = snapshot(pc);
                samples.add(new JsonObject().put("t", millisSince(t0)).put("state", pc.getConnectionState().name().toLowerCase())
                        .put("inbound", last.getJsonObject("inbound")).put("outbound", last.getJsonObject("outbound"))
                        .put("source", last.getJsonObject("source")).put("receivedPeak", peak.takePeak())
                        .put("pairRtt", last.getJsonObject("pair", new JsonObject()).getValue("currentRoundTripTime"))
                        .put("remoteInboundRtt", last.getJsonObject("remoteInbound", new JsonObject()).getValue("roundTripTime")));
            }
            call.put("final", last).put("transport", last.getJsonObject("transport")).put("pair", last.getJsonObject("pair"))
                    .put("codec", last.getString("codec"));
            // Second half of the window, past the jitter buffer's start-up: the steady echo level, computed as the
            // Chromium page does (sqrt of energy over duration), plus the peak of the decoded samples themselves.
            JsonObject half = samples.getJsonObject(samples.size() / 2);
            JsonObject end = samples.getJsonObject(samples.size() - 1);
            double peakLevel = 0;
            double echoPeak = 0;
            for (int i = samples.size() / 2; i < samples.size(); i++) {
                peakLevel = Math.max(peakLevel, samples.getJsonObject(i).getDouble("receivedPeak"));
                JsonObject in = samples.getJsonObject(i).getJsonObject("inbound");
                echoPeak = Math.max(echoPeak, in == null ? 0 : in.getDouble("audioLevel", 0.0));
            }
            call.put("echoLevel", levelOver(half.getJsonObject("inbound"), end.getJsonObject("inbound")))
                    .put("sourceLevel", levelOver(half.getJsonObject("source"), end.getJsonObject("source")))
                    .put("echoPeakLevel", echoPeak).put("receivedPeakLevel", peakLevel);
            long drainMs = cfg.getLong("drainMs", 3000L);
            if (drainMs > 0) {
                pusher.shutdownNow();   // no more frames: libwebrtc stops sending
                call.put("drained", drain(pc, drainMs));
            }
            call.put("ok", true);
        } catch (Throwable e) {
            errors.add(String.valueOf(e));
        }
        pusher.shutdownNow();
        if (location != null) {
            try {
                HttpResponse<Void> del = http.send(HttpRequest.newBuilder(location).timeout(STEP_TIMEOUT)
                        .header("Authorization", "Bearer " + cfg.getString("token")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
                call.getJsonObject("http").put("delete", new JsonObject().put("status", del.statusCode()));
            } catch (Exception e) {
                call.put("ok", false);
                errors.add("DELETE: " + e);
            }
        }
        if (pc != null) {
            call.put("stateAfterDelete", pc.getConnectionState().name().toLowerCase());
            pc.close();
        }
        call.put("elapsedMs", millisSince(t0));
        return new JsonObject().put("ok", call.getBoolean("ok")).put("peer", "libwebrtc (webrtc-java)")
                .put("errors", new JsonArray()).put("sessions", new JsonArray().add(call)).put("elapsedMs", millisSince(t0));
    }

    /**
     * Waits, after sending stopped, until no packet was sent or received for two polls (or {@code limitMs}): the
     * counts then include every echo however late it came, so received vs sent measures completeness, not latency.
     */
    private static JsonObject drain(RTCPeerConnection pc, long limitMs) throws Exception {
        long t0 = System.nanoTime();
        JsonObject last = snapshot(pc);
        int stable = 0;
        while (stable < 2 && millisSince(t0) < limitMs) {
            Thread.sleep(200);
            JsonObject now = snapshot(pc);
            boolean same = count(now, "inbound", "packetsReceived") == count(last, "inbound", "packetsReceived")
                    && count(now, "outbound", "packetsSent") == count(last, "outbound", "packetsSent");
            stable = same ? stable + 1 : 0;
            last = now;
        }
        return new JsonObject().put("packetsSent", count(last, "outbound", "packetsSent"))
                .put("packetsReceived", count(last, "inbound", "packetsReceived")).put("waitedMs", millisSince(t0))
                .put("settled", stable >= 2);
    }

    private static long count(JsonObject snapshot, String stats, String key) {
        Object v = snapshot.getJsonObject(stats, new JsonObject()).getValue(key);
        return v instanceof Number n ? n.longValue() : -1;
    }

    /** The stats a WHIP echo test looks at, under the same names the Chromium page reports. */
    private static JsonObject snapshot(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCStatsReport> cf = new CompletableFuture<>();
        pc.getStats(cf::complete);
        Map<String, RTCStats> all = cf.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getStats();
        JsonObject out = new JsonObject();
        for (RTCStats s : all.values()) {
            Map<String, Object> a = s.getAttributes();
            switch (s.getType()) {
                case INBOUND_RTP -> out.put("inbound", pick(a, "packetsReceived", "packetsLost", "jitter", "audioLevel",
                        "totalAudioEnergy", "totalSamplesDuration", "totalSamplesReceived", "concealedSamples", "bytesReceived"));
                case OUTBOUND_RTP -> out.put("outbound", pick(a, "packetsSent", "bytesSent"));
                case MEDIA_SOURCE -> out.put("source", pick(a, "audioLevel", "totalAudioEnergy", "totalSamplesDuration"));
                case REMOTE_INBOUND_RTP -> out.put("remoteInbound", pick(a, "roundTripTime", "roundTripTimeMeasurements",
                        "packetsLost", "jitter", "fractionLost"));
                case TRANSPORT -> out.put("transport", pick(a, "dtlsState", "iceState", "srtpCipher", "dtlsCipher", "tlsVersion",
                        "dtlsRole", "iceRole", "selectedCandidatePairId"));
                case CODEC -> out.put("codec", a.get("mimeType") + "/" + a.get("clockRate") + "/" + a.get("channels") + " pt=" + a.get("payloadType"));
                default -> {
                }
            }
        }
        Object pairId = out.getJsonObject("transport", new JsonObject()).getValue("selectedCandidatePairId");
        RTCStats pair = pairId == null ? null : all.get(pairId.toString());
        if (pair != null) {
            JsonObject p = pick(pair.getAttributes(), "state", "nominated", "currentRoundTripTime", "totalRoundTripTime", "responsesReceived");
            p.put("local", describe(all.get(String.valueOf(pair.getAttributes().get("localCandidateId")))));
            p.put("remote", describe(all.get(String.valueOf(pair.getAttributes().get("remoteCandidateId")))));
            out.put("pair", p);
        }
        return out;
    }

    /** sqrt(dEnergy / dDuration): the level a track carried between two samples; null if it carried nothing. */
    private static Double levelOver(JsonObject a, JsonObject b) {
        if (a == null || b == null || !a.containsKey("totalAudioEnergy") || !b.containsKey("totalAudioEnergy")) {
            return null;
        }
        double dd = b.getDouble("totalSamplesDuration") - a.getDouble("totalSamplesDuration");
        double de = b.getDouble("totalAudioEnergy") - a.getDouble("totalAudioEnergy");
        return dd > 0 ? Math.round(Math.sqrt(Math.max(0, de) / dd) * 10_000) / 10_000.0 : null;
    }

    private static String describe(RTCStats candidate) {
        if (candidate == null) {
            return null;
        }
        Map<String, Object> a = candidate.getAttributes();
        return a.get("address") + ":" + a.get("port") + "/" + a.get("protocol") + " " + a.get("candidateType");
    }

    private static JsonObject pick(Map<String, Object> attributes, String... names) {
        JsonObject o = new JsonObject();
        for (String n : names) {
            Object v = attributes.get(n);
            if (v != null) {
                o.put(n, v instanceof Number || v instanceof Boolean || v instanceof String ? v : String.valueOf(v));
            }
        }
        return o;
    }

    private static RTCSessionDescription createOffer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCSessionDescription> cf = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                cf.complete(d);
            }

            @Override
            public void onFailure(String error) {
                cf.completeExceptionally(new IllegalStateException("createOffer: " + error));
            }
        });
        return cf.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void setLocal(RTCPeerConnection pc, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> cf = new CompletableFuture<>();
        pc.setLocalDescription(d, observer(cf, "setLocalDescription"));
        cf.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void setRemote(RTCPeerConnection pc, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> cf = new CompletableFuture<>();
        pc.setRemoteDescription(d, observer(cf, "setRemoteDescription"));
        cf.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SetSessionDescriptionObserver observer(CompletableFuture<Void> cf, String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                cf.complete(null);
            }

            @Override
            public void onFailure(String error) {
                cf.completeExceptionally(new IllegalStateException(what + ": " + error));
            }
        };
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String truncate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** A phase-continuous 16-bit little-endian sine, one 10 ms frame at a time. */
    private static final class SineWriter {
        private final double hz;
        private final double amplitude;
        private long n;

        SineWriter(double hz, double amplitude) {
            this.hz = hz;
            this.amplitude = amplitude;
        }

        byte[] next(int samples) {
            byte[] b = new byte[samples * 2];
            for (int i = 0; i < samples; i++, n++) {
                short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * n / RATE));
                b[2 * i] = (byte) v;
                b[2 * i + 1] = (byte) (v >> 8);
            }
            return b;
        }
    }

    /** Peak absolute sample of the decoded remote audio since the last {@link #takePeak()}, as a fraction of full scale. */
    private static final class ReceivedPeak {
        private final AtomicInteger peak = new AtomicInteger();

        void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
            if (bitsPerSample != 16) {
                return;
            }
            int max = 0;
            for (int i = 0; i + 1 < data.length && i < frames * channels * 2; i += 2) {
                max = Math.max(max, Math.abs((short) ((data[i] & 0xff) | (data[i + 1] << 8))));
            }
            int m = max;
            peak.accumulateAndGet(m, Math::max);
        }

        double takePeak() {
            return Math.round(peak.getAndSet(0) / 32768.0 * 10_000) / 10_000.0;
        }
    }
}
