package net.voxedge.loadgen;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.edge.srtp.SrtpProfile;
import net.voxedge.loadgen.dtls.DtlsIdentity;
import net.voxedge.loadgen.signaling.Signaling;

/**
 * One step of a WebRTC load run: opens {@code sessions} emulated calls at {@code openRate} per
 * second through a {@link Signaling} adapter, lets them stream for {@code mediaSeconds} once the
 * ramp is done, stops sending, waits for the last echoes, hangs up, and measures. Bounded: the
 * ramp, the setup grace, the media window and the drain are all fixed in advance
 * ({@link StepRunner}), so a step ends on time whatever the server does.
 */
public final class WebRtcLoad {
    /**
     * What every session of a run shares.
     *
     * @param setup the offer's {@code a=setup} ({@code actpass} normally)
     * @param profiles SRTP profiles offered in DTLS use_srtp, in preference order
     * @param payloadBytes RTP payload per packet ({@link EchoPayload#HEADER_LENGTH}..{@link EchoPayload#MAX_LENGTH})
     * @param mediaVia where all media goes instead of the answer's candidate (another edge host relaying to the
     *     owner: {@code --media-via}), or null
     */
    public record Settings(String localIp, String setup, SrtpProfile[] profiles, int payloadBytes, DtlsIdentity identity,
            java.net.InetSocketAddress mediaVia) {
        /** Media to the answer's candidate. */
        public Settings(String localIp, String setup, SrtpProfile[] profiles, int payloadBytes, DtlsIdentity identity) {
            this(localIp, setup, profiles, payloadBytes, identity, null);
        }

        public Settings {
            if (mediaVia != null && (mediaVia.isUnresolved() || mediaVia.getAddress().getAddress().length != 4)) {
                throw new IllegalArgumentException("media-via must be an IPv4 address and port: " + mediaVia);
            }
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
        JsonObject r = new StepRunner(loops, out, serverPid).run(signaling.name() + " " + sessions, sessions, openRate,
                mediaSeconds, (i, loop) -> new WebRtcSession(i, settings, signaling, loop), WebRtcLoad::splits);
        r.put("target", settings.mediaVia() == null ? signaling.name() : RELAY_TARGET).put("payloadBytes", settings.payloadBytes());
        if (settings.mediaVia() != null) {
            // the measured server is then the relaying edge
            r.put("mediaVia", settings.mediaVia().getAddress().getHostAddress() + ":" + settings.mediaVia().getPort());
            StepRunner.putRelayFigures(r);
        }
        return r;
    }

    /** The series name of a run whose media goes through a relaying edge ({@code --media-via}). */
    public static final String RELAY_TARGET = "relay";

    /** Setup time split by phase: signaling (offer → answer), ICE (→ binding success), DTLS (→ keys), first echo. */
    private static void splits(List<WebRtcSession> all, JsonObject r) {
        List<Long> sig = new ArrayList<>();
        List<Long> ice = new ArrayList<>();
        List<Long> dtls = new ArrayList<>();
        List<Long> firstEcho = new ArrayList<>();
        long srtpFailures = 0;
        for (WebRtcSession s : all) {
            srtpFailures += s.srtpFailures;
            if (s.established()) {
                sig.add(s.tAnswer - s.t0);
                ice.add(s.tIce - s.tAnswer);
                dtls.add(s.tDtls - s.tIce);
                firstEcho.add(s.tFirstEcho - s.tDtls);
            }
        }
        r.put("signalingMs", StepRunner.split(sig)).put("iceMs", StepRunner.split(ice))
                .put("dtlsMs", StepRunner.split(dtls)).put("firstEchoMs", StepRunner.split(firstEcho))
                .put("srtpFailures", srtpFailures);
    }
}
