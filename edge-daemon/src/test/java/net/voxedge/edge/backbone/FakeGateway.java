package net.voxedge.edge.backbone;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.LinkState;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import net.voxedge.backbone.tunnel.io.TunnelEndpoint;

/**
 * The cluster end of the edge↔gateway contract, for tests: a real tunnel endpoint and link in the
 * CLUSTER role that records what the edge sends (OPEN, CANCEL, CLOSE controls and user frames, as
 * the tunnel delivers them: in order, duplicates already dropped) and can send agent frames.
 */
final class FakeGateway implements AutoCloseable {
    /** A user frame as delivered. */
    record Frame(long session, int seq, int mediaTs, byte[] payload) {
    }

    /** A control as delivered. */
    record Control(long session, int type, byte[] payload) {
        JsonObject json() {
            return new JsonObject(new String(payload, StandardCharsets.UTF_8));
        }
    }

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final List<Control> controls = new CopyOnWriteArrayList<>();
    private final TunnelEndpoint endpoint;
    private final byte[] secret;
    private final int linkId;
    private volatile TunnelLink link;
    private int agentSeq;

    FakeGateway(byte[] secret, int linkId) throws InterruptedException {
        this.secret = secret;
        this.linkId = linkId;
        this.endpoint = TunnelEndpoint.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, 1_000_000);
    }

    InetSocketAddress address() {
        return endpoint.localAddress();
    }

    /** Accepts the edge at {@code edge} (its tunnel address as this gateway sees it). */
    void accept(InetSocketAddress edge) {
        LinkKeys keys = new LinkKeys(LinkRole.CLUSTER, linkId);
        keys.install(1, secret);
        keys.activate(1);
        link = endpoint.addPeer("edge", edge, TunnelLinkConfig.defaults(LinkRole.CLUSTER, linkId, System.currentTimeMillis()),
                keys, new TunnelListener() {
                    @Override
                    public void onMedia(long s, int stream, int seq, int ts, int flags, byte[] b, int off, int len) {
                        if (stream == 0) {
                            frames.add(new Frame(s, seq, ts, Arrays.copyOfRange(b, off, off + len)));
                        }
                    }

                    @Override
                    public void onControl(long s, int type, byte[] b, int off, int len) {
                        controls.add(new Control(s, type, Arrays.copyOfRange(b, off, off + len)));
                        if (type == ControlType.CLOSE) {
                            link.closeSession(s);
                        }
                    }
                });
    }

    boolean up() {
        TunnelLink l = link;
        return l != null && endpoint.call(l::state) == LinkState.UP;
    }

    /** Sends one agent frame (stream 1, best effort): tag + Opus, at {@code mediaTs} in the response. */
    void sendAgent(long session, int tag, long mediaTs, byte[] opus) {
        byte[] p = new byte[AgentAudioPayload.HEADER + opus.length];
        AgentAudioPayload.write(p, 0, tag, opus, 0, opus.length);
        endpoint.call(() -> link.sendMedia(session, AgentAudioPayload.STREAM, agentSeq++, (int) mediaTs, 0, p, 0, p.length,
                false, System.nanoTime()));
    }

    /** Sends the agent's CLOSE for a session. */
    void sendClose(long session, String reason) {
        byte[] p = reason.getBytes(StandardCharsets.UTF_8);
        endpoint.call(() -> link.sendControl(session, ControlType.CLOSE, p, 0, p.length, System.nanoTime()));
    }

    List<Control> controls(int type) {
        return controls.stream().filter(c -> c.type() == type).toList();
    }

    /** The user seqs delivered for {@code session}, in delivery order. */
    List<Integer> seqs(long session) {
        return frames.stream().filter(f -> f.session() == session).map(Frame::seq).toList();
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            endpoint.close();
        }
    }
}
