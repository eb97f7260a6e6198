package net.voxedge.backbone.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.CancelPayload;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.SendStatus;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import net.voxedge.backbone.tunnel.io.TunnelEndpoint;

/** The edge side of the contract for tests: a real tunnel endpoint on loopback that records what the gateway sends. */
final class TestEdge implements AutoCloseable {
    static final byte[] SECRET = "0123456789abcdef-gateway-test".getBytes(StandardCharsets.UTF_8);
    static final int LINK_ID = 7;
    static final int KEY_ID = 3;

    /** One agent frame as the edge got it. */
    record AgentFrame(long session, int seq, int mediaTs, int flags, int tag, byte[] opus) {}

    /** One control message from the gateway. */
    record Control(long session, int type, String text) {}

    final List<AgentFrame> agentFrames = new CopyOnWriteArrayList<>();
    final List<Control> controls = new CopyOnWriteArrayList<>();
    final TunnelEndpoint endpoint;
    private TunnelLink link;

    private TestEdge(InetSocketAddress bind) throws InterruptedException {
        endpoint = TunnelEndpoint.bind(bind, new SimpleMeterRegistry(), 1_000_000L);
    }

    /** An edge on an ephemeral loopback port; {@link #connect} it once the gateway runs. */
    static TestEdge bind() throws InterruptedException {
        return new TestEdge(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** An edge restarted on the same address (a new process: a newer epoch, fresh tunnel state). */
    static TestEdge rebind(InetSocketAddress address) throws InterruptedException {
        return new TestEdge(address);
    }

    InetSocketAddress address() {
        return endpoint.localAddress();
    }

    static EdgePeerConfig peerConfig(String name, InetSocketAddress edgeAddress) {
        return new EdgePeerConfig(name, edgeAddress, LINK_ID, KEY_ID, SECRET, "test");
    }

    void connect(InetSocketAddress gateway, long epoch) {
        LinkKeys keys = new LinkKeys(LinkRole.EDGE, LINK_ID);
        keys.install(KEY_ID, SECRET);
        keys.activate(KEY_ID);
        TunnelLinkConfig cfg = TunnelLinkConfig.defaults(LinkRole.EDGE, LINK_ID, epoch)
                .withProbes(Duration.ofMillis(50), Duration.ofMillis(500), 3, Duration.ofSeconds(3));
        link = endpoint.addPeer("cluster", gateway, cfg, keys, new TunnelListener() {
            @Override
            public void onMedia(long session, int stream, int seq, int ts, int flags, byte[] b, int off, int len) {
                if (stream == AgentAudioPayload.STREAM && AgentAudioPayload.valid(len)) {
                    agentFrames.add(new AgentFrame(session, seq, ts, flags, AgentAudioPayload.responseTag(b, off),
                            java.util.Arrays.copyOfRange(b, AgentAudioPayload.opusOffset(off), off + len)));
                }
            }

            @Override
            public void onControl(long session, int type, byte[] b, int off, int len) {
                controls.add(new Control(session, type, new String(b, off, len, StandardCharsets.UTF_8)));
            }
        });
    }

    SendStatus control(long session, int type, byte[] payload) {
        return endpoint.call(() -> link.sendControl(session, type, payload, 0, payload.length, System.nanoTime()));
    }

    void open(long session, boolean resumed, String instructions) {
        OpenRequest open = new OpenRequest(session, "alice", "fra1", "fra1-h0", OpenRequest.CODEC, instructions, resumed);
        control(session, ControlType.OPEN, open.toJson().getBytes(StandardCharsets.UTF_8));
    }

    void cancel(long session, int userTs, int playedMs, int tag) {
        byte[] b = new byte[CancelPayload.LENGTH];
        CancelPayload.write(b, 0, userTs, playedMs, tag);
        control(session, ControlType.CANCEL, b);
    }

    /** Sends user audio frames reliably, retrying while the tunnel pushes back. */
    void userAudio(long session, int seq, int mediaTs, byte[] opus) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            SendStatus st = endpoint.call(() -> link.sendMedia(session, AgentAudioPayload.USER_STREAM, seq, mediaTs, 0,
                    opus, 0, opus.length, true, System.nanoTime()));
            if (st == SendStatus.SENT) {
                return;
            }
            if (st != SendStatus.BACKPRESSURE || System.nanoTime() > deadline) {
                throw new IllegalStateException("user audio seq " + seq + " not sent: " + st);
            }
            sleep(2);
        }
    }

    int inflightFrames() {
        return endpoint.call(() -> link.inflightFrames());
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(5);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
