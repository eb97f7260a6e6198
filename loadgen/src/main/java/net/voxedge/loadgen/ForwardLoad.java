package net.voxedge.loadgen;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import net.voxedge.loadgen.turn.TurnClient;

/**
 * One step of the packet-forwarding benchmark: {@code flows} flows of {@link EchoPayload} packets
 * at 50 per second to a UDP echo reflector, relayed by a TURN server (ChannelData) or sent
 * straight (the baseline that the relay's added latency is measured against).
 */
public final class ForwardLoad {
    /** TURN long-term credentials and the reflector the allocations send to. */
    public record Turn(InetSocketAddress server, String username, String password) {
    }

    private final List<IoLoop> loops;
    private final PrintStream out;
    private final long serverPid;
    private final int payloadBytes;

    public ForwardLoad(List<IoLoop> loops, PrintStream out, long serverPid, int payloadBytes) {
        if (payloadBytes < EchoPayload.HEADER_LENGTH || payloadBytes > EchoPayload.MAX_LENGTH) {
            throw new IllegalArgumentException("payload bytes must be " + EchoPayload.HEADER_LENGTH + ".."
                    + EchoPayload.MAX_LENGTH + ": " + payloadBytes);
        }
        this.loops = loops;
        this.out = out;
        this.serverPid = serverPid;
        this.payloadBytes = payloadBytes;
    }

    /**
     * @param turn the relay, or null to send straight to the reflector
     * @param reflector the UDP echo sink
     */
    public JsonObject runStep(Turn turn, InetSocketAddress reflector, int flows, double openRate, int mediaSeconds)
            throws InterruptedException {
        String target = turn == null ? "udp-direct" : "turn";
        byte[] peerIp = reflector.getAddress().getAddress();
        JsonObject r = new StepRunner(loops, out, serverPid).run(target + " " + flows, flows, openRate, mediaSeconds,
                (i, loop) -> turn == null
                        ? new ForwardSession(i, ForwardSession.Mode.DIRECT, loop, reflector, payloadBytes, null)
                        : new ForwardSession(i, ForwardSession.Mode.TURN, loop, turn.server(), payloadBytes,
                                new TurnClient(turn.username(), turn.password(), peerIp, reflector.getPort(),
                                        ForwardSession.randomChannel(), ThreadLocalRandom.current())),
                ForwardLoad::figures);
        r.put("target", target).put("payloadBytes", payloadBytes);
        if (turn != null) {
            StepRunner.putRelayFigures(r);
        }
        return r;
    }

    private static void figures(List<ForwardSession> all, JsonObject r) {
        List<Long> alloc = new ArrayList<>();
        for (ForwardSession s : all) {
            if (s.established()) {
                alloc.add(s.tReady - s.t0);
            }
        }
        r.put("allocateMs", StepRunner.split(alloc));
    }
}
