package net.voxedge.edge.backbone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.voxedge.backbone.journal.EndReason;
import net.voxedge.backbone.journal.JournalProducer;
import net.voxedge.backbone.journal.SessionEnd;
import net.voxedge.backbone.journal.SessionOpen;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.edge.agent.AgentLink;
import net.voxedge.edge.agent.AgentPlacement;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.session.SessionManager;
import net.voxedge.edge.turn.TurnTaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent behind each session is a model at an inference cluster, reached through the backbone
 * ({@code media.handler=backbone}). When the offer is answered, {@link #place} picks the session's
 * cluster: the one the signaling front named (the router's choice) when this edge has it and its
 * link is up, else the edge's own {@code backbone.clusters} order ({@link ClusterChoice}). On the
 * session's home loop: {@link #open} journals the session's OPEN record and assigns it that
 * cluster (or, if its link went down meanwhile, the first one up); {@link #userAudio} journals each user frame
 * under its extended seq (the {@link BackboneUplink}'s forwarder sends it from the journal);
 * a barge-in sends the cluster a CANCEL; {@link #close} journals the END record (the forwarder
 * sends it as CLOSE). Agent frames from the cluster arrive on the tunnel loop and move to the
 * session's home loop into its pacer.
 *
 * <p>Journal producers are per thread (Chronicle appenders are single-writer): each media loop
 * takes its own on first use. The per-frame path allocates nothing.
 */
public final class BackboneAgentLink implements AgentLink, BackboneUplink.AgentSide {
    private static final Logger log = LoggerFactory.getLogger(BackboneAgentLink.class);
    /** The only codec the edge negotiates (RFC 7587 names it with 2 channels whatever is sent). */
    static final String CODEC = "opus/48000/2";
    /** User audio is stream 0 of a session on the tunnel. */
    static final int USER_STREAM = 0;

    private final BackboneUplink uplink;
    private final String popName;
    private final String hostName;
    private final ThreadLocal<JournalProducer> producers;
    private final Counter lateFrames;
    private final Counter rejectedFrames;
    private final Counter cancels;
    private final Counter agentBadSize;
    private final Counter agentUnknownSession;
    private final Counter agentWrongCluster;
    private final Map<ClusterChoice.Reason, Counter> choices = new EnumMap<>(ClusterChoice.Reason.class);
    private final List<String> clusterIds;
    private volatile SessionManager manager;

    public BackboneAgentLink(BackboneUplink uplink, String popName, int hostId, MeterRegistry registry) {
        this.uplink = uplink;
        this.popName = popName;
        this.hostName = popName + "-h" + hostId;
        this.producers = ThreadLocal.withInitial(() -> uplink.journal().newProducer());
        this.lateFrames = Counter.builder("voxedge_backbone_user_frames_dropped_total").tag("reason", "late")
                .description("User frames not journaled: arrived after a later one (the tunnel stream only goes forward)")
                .register(registry);
        this.rejectedFrames = Counter.builder("voxedge_backbone_user_frames_dropped_total").tag("reason", "rejected")
                .description("User frames not journaled: arrived after a later one (the tunnel stream only goes forward)")
                .register(registry);
        this.cancels = Counter.builder("voxedge_backbone_cancels_total")
                .description("CANCEL controls sent to clusters on barge-in").register(registry);
        this.agentBadSize = agentDrop(registry, "bad_size");
        this.agentUnknownSession = agentDrop(registry, "unknown_session");
        this.agentWrongCluster = agentDrop(registry, "wrong_cluster");
        this.clusterIds = List.copyOf(uplink.clusterIds());
        for (ClusterChoice.Reason r : ClusterChoice.Reason.values()) {
            choices.put(r, Counter.builder("voxedge_backbone_cluster_choice_total").tag("choice", r.choice)
                    .tag("reason", r.label)
                    .description("New sessions by how their cluster was chosen: the router's (named by the signaling "
                            + "front) or the edge's own backbone.clusters order, and why")
                    .register(registry));
        }
    }

    private static Counter agentDrop(MeterRegistry registry, String reason) {
        return Counter.builder("voxedge_backbone_agent_frames_dropped_total").tag("reason", reason)
                .description("Agent frames from clusters dropped before the pacer").register(registry);
    }

    /** Connects the link to the sessions it serves (the manager is built with the link, so this comes after). */
    public void attach(SessionManager sessions) {
        this.manager = sessions;
    }

    @Override
    public AgentPlacement place(String requestedCluster) {
        ClusterChoice choice = ClusterChoice.decide(requestedCluster, clusterIds, uplink::clusterUp);
        choices.get(choice.reason()).increment();
        return new AgentPlacement(clusterIds.get(choice.index()), choice.index(),
                choice.describe(requestedCluster, clusterIds));
    }

    @Override
    public void open(EdgeSession s, long nowNanos) {
        AgentPlacement placed = s.placement();
        int cluster = placed == null ? uplink.chooseCluster() : placed.slot();
        if (!uplink.clusterUp(cluster)) {
            // Its link went down between the answer and the end of the handshake: start where
            // failover would move it at once, without journaling anything for the dead one.
            int first = uplink.chooseCluster();
            if (uplink.clusterUp(first)) {
                log.info("{}: cluster {} went down before the media started; to {} (first up in own order)", s,
                        uplink.cluster(cluster).id(), uplink.cluster(first).id());
                cluster = first;
            }
        }
        BackboneUplink.ClusterLink c = uplink.cluster(cluster);
        InetSocketAddress client = s.selectedAddress();
        long openIndex = producers.get().appendOpen(new SessionOpen(s.id(), s.subject(), popName, hostName,
                client == null || client.isUnresolved() ? "" : client.getAddress().getHostAddress() + ":" + client.getPort(),
                c.id(), CODEC,
                System.currentTimeMillis()));
        BackboneSession bs = new BackboneSession(s.id(), s.subject(), openIndex, cluster, c.number);
        s.agentState(bs);
        uplink.register(bs);
        log.info("{}: to cluster {}{}", s, c.id(), c.up ? "" : " (no cluster is up: the journal holds its audio)");
    }

    @Override
    public void userAudio(EdgeSession s, byte[] b, int off, int len, int seq, long rtpTimestamp, long nowNanos) {
        if (!(s.agentState() instanceof BackboneSession bs)) {
            return;
        }
        long ext = bs.seq.extend(seq);
        if (ext == ExtendedSequence.LATE) {
            bs.lateFrames++;
            lateFrames.increment();
            return;
        }
        if (bs.cancelPending) {
            sendCancel(bs, (int) rtpTimestamp);
        }
        bs.lastRtpTimestamp = rtpTimestamp;
        long index = producers.get().appendFrame(bs.id, USER_STREAM, (int) ext, (int) rtpTimestamp, 0, bs.clusterNumber,
                b, off, len);
        if (index == JournalProducer.REJECTED) {
            rejectedFrames.increment();
            return;
        }
        bs.frames++;
        bs.bytes += len;
    }

    @Override
    public void userTurn(EdgeSession s, TurnTaker.UserEvent event, long nowNanos) {
        if (event != TurnTaker.UserEvent.BARGE_IN || !(s.agentState() instanceof BackboneSession bs)) {
            return;
        }
        // The onset packet's timestamp comes with its audio, right after this call: send then.
        bs.cancelPending = true;
        bs.cancelTag = s.turn().cancelledTag();
        bs.cancelPlayedMs = (int) Math.min(Integer.MAX_VALUE, s.turn().playedMillisAtCancel());
    }

    @Override
    public void pump(EdgeSession s, long nowNanos) {
        if (s.agentState() instanceof BackboneSession bs && bs.cancelPending) {
            sendCancel(bs, (int) bs.lastRtpTimestamp); // the onset packet carried no audio
        }
    }

    @Override
    public boolean wantsPump(EdgeSession s) {
        return s.agentState() instanceof BackboneSession bs && bs.cancelPending;
    }

    private void sendCancel(BackboneSession bs, int userMediaTs) {
        bs.cancelPending = false;
        if (uplink.sendCancel(bs, userMediaTs, bs.cancelPlayedMs, bs.cancelTag)) {
            cancels.increment();
        }
        log.debug("session {}: CANCEL response {} after {} ms played", Long.toHexString(bs.id), bs.cancelTag,
                bs.cancelPlayedMs);
    }

    @Override
    public void close(EdgeSession s, CloseReason reason) {
        if (!(s.agentState() instanceof BackboneSession bs)) {
            return;
        }
        s.agentState(null);
        producers.get().appendEnd(new SessionEnd(bs.id, uplink.cluster(bs.cluster).id(), endReason(reason),
                System.currentTimeMillis(), bs.frames, bs.bytes));
        if (bs.lateFrames > 0) {
            log.info("{}: {} user frames arrived out of order and were not sent", s, bs.lateFrames);
        }
    }

    static EndReason endReason(CloseReason reason) {
        if (reason == null) {
            return EndReason.ERROR;
        }
        return switch (reason) {
            case DELETED, DTLS_CLOSED -> EndReason.CLIENT_CLOSED;
            case CONSENT_EXPIRED, CONNECT_TIMEOUT -> EndReason.CLIENT_TIMEOUT;
            case SHUTDOWN -> EndReason.EDGE_SHUTDOWN;
            case AGENT_FAILED -> EndReason.NO_CLUSTER;
            case DTLS_FAILED, LIFETIME_EXCEEDED -> EndReason.ERROR;
        };
    }

    // ------------------------------------------------------------ tunnel loop

    @Override
    public void onAgentFrame(long sessionId, int cluster, int mediaTs, byte[] buf, int off, int len) {
        if (!AgentAudioPayload.valid(len)) {
            agentBadSize.increment();
            return;
        }
        SessionManager m = manager;
        EdgeSession s = m == null ? null : m.registry().byId(sessionId);
        BackboneSession bs = uplink.session(sessionId);
        if (s == null || bs == null) {
            agentUnknownSession.increment();
            return;
        }
        if (bs.cluster != cluster) {
            agentWrongCluster.increment(); // the cluster it failed over from, back from the dead
            return;
        }
        int tag = AgentAudioPayload.responseTag(buf, off);
        int opusOff = AgentAudioPayload.opusOffset(off);
        if (!m.handAgentFrame(s, buf, opusOff, off + len - opusOff, mediaTs & 0xFFFFFFFFL, tag)) {
            agentUnknownSession.increment();
        }
    }
}
