package net.voxedge.edge.backbone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.voxedge.backbone.journal.JournalConfig;
import net.voxedge.backbone.journal.JournalForwarder;
import net.voxedge.backbone.journal.JournalHousekeeper;
import net.voxedge.backbone.journal.JournalReader;
import net.voxedge.backbone.journal.JournalRecord;
import net.voxedge.backbone.journal.SendStatus;
import net.voxedge.backbone.journal.UplinkJournal;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.CancelPayload;
import net.voxedge.backbone.tunnel.ControlType;
import net.voxedge.backbone.tunnel.LinkKeys;
import net.voxedge.backbone.tunnel.LinkRole;
import net.voxedge.backbone.tunnel.LinkState;
import net.voxedge.backbone.tunnel.TunnelLink;
import net.voxedge.backbone.tunnel.TunnelLinkConfig;
import net.voxedge.backbone.tunnel.TunnelListener;
import net.voxedge.backbone.tunnel.WireFormat;
import net.voxedge.backbone.tunnel.io.TunnelEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IO side of the edge's backbone: the uplink journal, one tunnel endpoint, one tunnel link and
 * one journal forwarder per configured cluster, and failover between them.
 *
 * <p><b>Threads.</b> Media workers append to the journal on their own threads (through
 * {@link BackboneAgentLink}). Everything else — forwarders, links, failover — runs on the tunnel
 * endpoint's single event loop: a timer thread asks it every {@value #DRIVE_MILLIS} ms to poll each
 * forwarder whose link is UP (up to {@value #POLL_BATCH} records) and every second to checkpoint
 * and re-check assignments. Acks from a link go straight to its forwarder on the same loop.
 *
 * <p><b>Session records as controls, in journal order.</b> A session's OPEN and END records are
 * sent as the OPEN and CLOSE controls by the forwarder when it reaches them, not directly by the
 * worker: so after a failover or restart the configuration goes out before the replayed frames
 * (the forwarder replays OPEN first), a session's CLOSE never overtakes its last frames, and one
 * code path serves first sends and replays. CANCEL is the exception: barge-in must not wait behind
 * a backlog, so it is sent directly.
 *
 * <p><b>Failover.</b> When a link goes DOWN every session assigned to its cluster moves to the next
 * UP cluster in the configured order (wrapping): the old forwarder hands it off, the new one
 * adopts it (re-sends OPEN with {@code resumed=true}, replays every unacknowledged frame with its
 * original seq), and the session's frames are labelled with the new cluster from then on. Sessions
 * never move back by themselves. With no cluster UP they stay where they are and the journal holds
 * their audio until a link comes back (the backlog shows in {@code voxedge_journal_backlog_frames}).
 */
public final class BackboneUplink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackboneUplink.class);
    private static final long TICK_NANOS = 1_000_000L;
    private static final int DRIVE_MILLIS = 1;
    private static final int POLL_BATCH = 256;
    /** Frames per forwarder sent and not yet acknowledged (the tunnel's own budget bounds bytes). */
    private static final int MAX_IN_FLIGHT = 4096;
    /**
     * The tunnel gives a frame up after this many retransmissions, and the journal then counts it
     * acknowledged once a later frame is. At the 2 s RTO cap that is over half an hour of outage:
     * long before it, failover has moved the session or the operator has been paged.
     */
    private static final int MAX_RETRANSMISSIONS = 1000;
    /** A cluster's backlog above this is logged (5 s of audio of 100 sessions). */
    private static final long BACKLOG_WARN_FRAMES = 25_000;

    /** Where agent audio and the cluster's CLOSE go. */
    public interface AgentSide {
        /** One agent frame from cluster {@code cluster} (tunnel loop; the bytes are valid during the call). */
        void onAgentFrame(long sessionId, int cluster, int mediaTs, byte[] buf, int off, int len);
    }

    /** One configured cluster and what the uplink runs for it. */
    static final class ClusterLink {
        final int index;
        final BackboneSettings.Cluster config;
        final int number;
        volatile boolean up;
        TunnelLink link;
        /** The link's keys (tunnel loop). */
        LinkKeys keys;
        JournalForwarder forwarder;
        /** The journal's last index when this forwarder opened: records up to it may have gone out before. */
        long startLastIndex;
        /** The link's count of peer restarts already acted on (tunnel loop). */
        long peerRestartsSeen;

        ClusterLink(int index, BackboneSettings.Cluster config, int number) {
            this.index = index;
            this.config = config;
            this.number = number;
        }

        String id() {
            return config.id();
        }
    }

    /** An adoption in progress (tunnel loop): which forwarders still hold the session, and what was replayed. */
    private static final class Adoption {
        long fromMask;
        long replayed;
        final long startNanos = System.nanoTime();
    }

    private final BackboneSettings settings;
    private final MeterRegistry registry;
    private final UplinkJournal journal;
    private final JournalHousekeeper housekeeper;
    private final ClusterLink[] clusters;
    private final Map<Long, BackboneSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Adoption> adoptions = new HashMap<>();
    private final AtomicBoolean driveQueued = new AtomicBoolean();
    private final Runnable drive = this::drive;
    private final byte[] control = new byte[WireFormat.MAX_CONTROL_PAYLOAD];
    private final Counter failovers;
    private final Counter unsendable;
    private final Counter agentClosed;
    private final Counter controlsIgnored;
    private volatile AgentSide agentSide;
    private volatile TunnelEndpoint endpoint;
    private ScheduledExecutorService timer;
    private long lastEpoch;
    /** The tunnel keys links are made with: the configured ones, or the last reload's. */
    private volatile Map<Integer, byte[]> linkKeys;
    private volatile int currentKeyId;

    private BackboneUplink(BackboneSettings settings, MeterRegistry registry, UplinkJournal journal) {
        this.settings = settings;
        this.registry = registry;
        this.journal = journal;
        this.housekeeper = new JournalHousekeeper(journal, BACKLOG_WARN_FRAMES);
        this.linkKeys = Map.copyOf(settings.linkKeys());
        this.currentKeyId = settings.currentKeyId();
        List<BackboneSettings.Cluster> list = settings.clusters();
        this.clusters = new ClusterLink[list.size()];
        for (int i = 0; i < clusters.length; i++) {
            clusters[i] = new ClusterLink(i, list.get(i), journal.clusterNumber(list.get(i).id()));
            int index = i;
            Gauge.builder("voxedge_backbone_sessions", this, u -> u.sessionsOn(index)).tag("cluster", list.get(i).id())
                    .description("Live sessions sent to this cluster").register(registry);
        }
        this.failovers = Counter.builder("voxedge_backbone_failovers_total")
                .description("Sessions moved to another cluster because theirs stopped answering").register(registry);
        this.unsendable = Counter.builder("voxedge_backbone_records_unsendable_total")
                .description("Journal records the tunnel refused for good (too large, out of order) and skipped")
                .register(registry);
        this.agentClosed = Counter.builder("voxedge_backbone_agent_closed_total")
                .description("CLOSE controls from clusters: the agent side of a session ended").register(registry);
        this.controlsIgnored = Counter.builder("voxedge_backbone_controls_ignored_total")
                .description("Controls or media from a cluster the edge does not expect (unknown type, stream or session)")
                .register(registry);
    }

    /**
     * Opens the journal (creating its directory; in dev mode without {@code backbone.journal.dir},
     * a fresh one under the temp dir). Nothing goes on the network before {@link #start}.
     */
    public static BackboneUplink open(BackboneSettings settings, MeterRegistry registry) throws IOException {
        Path dir = settings.journalDir() != null ? settings.journalDir() : Files.createTempDirectory("voxedge-journal-");
        UplinkJournal journal = UplinkJournal.open(JournalConfig.defaults(dir).withRetention(settings.journalRetention()),
                registry);
        try {
            return new BackboneUplink(settings, registry, journal);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** Binds the tunnel endpoint, adds a link and a forwarder per cluster, and starts driving them. */
    public synchronized void start(AgentSide agent) throws InterruptedException {
        this.agentSide = agent;
        TunnelEndpoint ep = TunnelEndpoint.bind(settings.bind().socketAddress(), registry, TICK_NANOS);
        try {
            long epoch = Math.max(System.currentTimeMillis(), lastEpoch + 1);
            lastEpoch = epoch;
            for (ClusterLink c : clusters) {
                LinkKeys keys = new LinkKeys(LinkRole.EDGE, c.config.linkId());
                keys.replaceWith(linkKeys, currentKeyId);
                c.keys = keys;
                TunnelLinkConfig cfg = TunnelLinkConfig.defaults(LinkRole.EDGE, c.config.linkId(), epoch)
                        .withRetransmission(MAX_RETRANSMISSIONS, java.time.Duration.ofMillis(200),
                                java.time.Duration.ofMillis(30), java.time.Duration.ofSeconds(2));
                c.up = false;
                c.peerRestartsSeen = 0;
                c.link = ep.addPeer(c.id(), c.config.address().socketAddress(), cfg, keys, new ClusterListener(c));
                c.forwarder = ep.call(() -> {
                    c.startLastIndex = journal.lastIndex();
                    return journal.openForwarder(c.id(), record -> offer(c, record), MAX_IN_FLIGHT);
                });
                housekeeper.add(c.forwarder);
                log.info("backbone: cluster {} at {} (link id {}, key {} of {})", c.id(), c.config.address(),
                        Integer.toUnsignedString(c.config.linkId()), currentKeyId, linkKeys.keySet());
            }
        } catch (RuntimeException e) {
            ep.close();
            throw e;
        }
        endpoint = ep;
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("backbone-timer").factory());
        timer.scheduleAtFixedRate(this::requestDrive, DRIVE_MILLIS, DRIVE_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::housekeeping, 1, 1, TimeUnit.SECONDS);
        log.info("backbone uplink started: tunnel endpoint {}, journal {}, clusters {}", ep.localAddress(),
                journal.config().directory(), settings.clusters());
    }

    /**
     * Stops forwarding (timer, forwarders, tunnel endpoint) after a last checkpoint; the journal
     * stays open and keeps taking the workers' records. {@link #start} resumes from the checkpoints.
     */
    public synchronized void stop() {
        TunnelEndpoint ep = endpoint;
        if (ep == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ep.call(() -> {
                drive(); // a last round: what the workers wrote just now goes out if it can
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("backbone: last forwarding round failed: {}", e.toString());
        }
        housekeeper.run(System.currentTimeMillis());
        endpoint = null;
        ep.call(() -> {
            for (ClusterLink c : clusters) {
                housekeeper.remove(c.forwarder);
                c.forwarder.close();
                c.up = false;
                removeGauges("voxedge_journal_acked_index", c.id());
                removeGauges("voxedge_journal_backlog_frames", c.id());
            }
            adoptions.clear();
            for (BackboneSession s : sessions.values()) {
                s.adoptionFrom = -1;
                s.handedOffFrom = -1;
            }
            return null;
        });
        ep.close();
        log.info("backbone uplink stopped (journal kept open: {})", journal.config().directory());
    }

    /**
     * Stops and starts forwarding again (new tunnel endpoint and links with a new epoch, forwarders
     * resumed from their checkpoints): what a forwarder restart does, without ending the sessions.
     */
    public synchronized void restart() throws InterruptedException {
        stop();
        resume();
    }

    /** Starts forwarding again after {@link #stop}, with the same agent side. */
    public synchronized void resume() throws InterruptedException {
        start(agentSide);
    }

    private void removeGauges(String name, String cluster) {
        for (Meter m : registry.find(name).tag("cluster", cluster).meters()) {
            registry.remove(m);
        }
    }

    /**
     * Takes a reloaded set of tunnel keys on every link, without a restart: ids not installed are
     * installed, {@code current} seals from now on, ids no longer listed are retired (PROTOCOL.md
     * section 2, "rotation"; what SIGHUP does). Checked for every link before any changes; a bad
     * set throws {@link IllegalArgumentException} and the old keys stay. Links made later (a
     * forwarder restart) use the new set too.
     */
    public synchronized void reloadLinkKeys(Map<Integer, byte[]> keys, int current) {
        Map<Integer, byte[]> fresh = Map.copyOf(keys);
        // A throwaway copy of each link's state says whether the set applies, before any link changes.
        for (ClusterLink c : clusters) {
            LinkKeys probe = new LinkKeys(LinkRole.EDGE, c.config.linkId());
            probe.replaceWith(linkKeys, currentKeyId);
            probe.replaceWith(fresh, current);
        }
        TunnelEndpoint ep = endpoint;
        if (ep != null) {
            ep.call(() -> {
                for (ClusterLink c : clusters) {
                    c.keys.replaceWith(fresh, current);
                }
                return null;
            });
        }
        linkKeys = fresh;
        currentKeyId = current;
        log.info("backbone: tunnel keys reloaded: ids {}, sealing with {}", new java.util.TreeSet<>(fresh.keySet()), current);
    }

    /** The key id every link seals with now. */
    public int currentLinkKeyId() {
        return currentKeyId;
    }

    // ------------------------------------------------------------ called by the agent link (any thread)

    UplinkJournal journal() {
        return journal;
    }

    /** The first UP cluster in configured order, or the first one when none is up (the journal holds the audio). */
    int chooseCluster() {
        for (ClusterLink c : clusters) {
            if (c.up) {
                return c.index;
            }
        }
        return 0;
    }

    ClusterLink cluster(int index) {
        return clusters[index];
    }

    void register(BackboneSession s) {
        sessions.put(s.id, s);
    }

    BackboneSession session(long id) {
        return sessions.get(id);
    }

    /** Sends a CANCEL for {@code s} to its current cluster at once (barge-in; not journaled). */
    boolean sendCancel(BackboneSession s, int userMediaTs, int playedMs, int tag) {
        TunnelEndpoint ep = endpoint;
        if (ep == null) {
            return false;
        }
        try {
            ep.execute(() -> {
                byte[] p = new byte[CancelPayload.LENGTH];
                CancelPayload.write(p, 0, userMediaTs, playedMs, tag);
                TunnelLink link = clusters[s.cluster].link;
                var st = link.sendControl(s.id, ControlType.CANCEL, p, 0, p.length, System.nanoTime());
                if (st != net.voxedge.backbone.tunnel.SendStatus.SENT) {
                    log.warn("session {}: CANCEL to {} not sent ({})", Long.toHexString(s.id), clusters[s.cluster].id(), st);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    // ------------------------------------------------------------ tunnel loop

    private void requestDrive() {
        TunnelEndpoint ep = endpoint;
        if (ep != null && driveQueued.compareAndSet(false, true)) {
            try {
                ep.execute(drive);
            } catch (RejectedExecutionException e) {
                driveQueued.set(false);
            }
        }
    }

    private void drive() {
        driveQueued.set(false);
        for (ClusterLink c : clusters) {
            long restarts = c.link.peerRestarts();
            if (restarts != c.peerRestartsSeen) {
                c.peerRestartsSeen = restarts;
                reopenSessions(c);
            }
        }
        for (ClusterLink c : clusters) {
            if (c.up) {
                c.forwarder.poll(POLL_BATCH);
            }
        }
        for (ClusterLink c : clusters) {
            c.forwarder.drainCompletedAdoptions(this::adoptionComplete);
        }
    }

    private void housekeeping() {
        try {
            housekeeper.run(System.currentTimeMillis());
            TunnelEndpoint ep = endpoint;
            if (ep != null) {
                ep.execute(this::rebalance); // also catches sessions that opened while their cluster went down
            }
        } catch (RuntimeException e) {
            log.warn("backbone housekeeping failed: {}", e.toString());
        }
    }

    /** The journal's record → the tunnel: MEDIA as a reliable frame, OPEN and END as controls. */
    private SendStatus offer(ClusterLink c, JournalRecord r) {
        long now = System.nanoTime();
        net.voxedge.backbone.tunnel.SendStatus st;
        switch (r.kind()) {
            case MEDIA -> {
                st = c.link.sendMedia(r.sessionId(), r.stream(), r.seq(), r.mediaTimestamp(), r.flags(), r.payloadArray(),
                        r.payloadOffset(), r.payloadLength(), true, now);
                if (st == net.voxedge.backbone.tunnel.SendStatus.SENT && r.cluster() != c.number) {
                    Adoption a = adoptions.get(r.sessionId());
                    if (a != null) {
                        a.replayed++;
                    }
                }
            }
            case OPEN -> {
                boolean resumed = r.cluster() != c.number || r.index() <= c.startLastIndex;
                byte[] json = openJson(r, resumed);
                if (json.length > control.length) {
                    log.error("session {}: OPEN configuration of {} bytes does not fit a control; skipped",
                            Long.toHexString(r.sessionId()), json.length);
                    unsendable.increment();
                    return SendStatus.SENT;
                }
                st = c.link.sendControl(r.sessionId(), ControlType.OPEN, json, 0, json.length, now);
                if (st == net.voxedge.backbone.tunnel.SendStatus.SENT) {
                    log.info("session {}: OPEN sent to {}{}", Long.toHexString(r.sessionId()), c.id(),
                            resumed ? " (resumed)" : "");
                }
            }
            case END -> {
                String reason = r.endReason() == null ? "ended" : r.endReason().name().toLowerCase(java.util.Locale.ROOT);
                int n = reason.length();
                for (int i = 0; i < n; i++) {
                    control[i] = (byte) reason.charAt(i);
                }
                st = c.link.sendControl(r.sessionId(), ControlType.CLOSE, control, 0, n, now);
                if (st == net.voxedge.backbone.tunnel.SendStatus.SENT) {
                    c.link.closeSession(r.sessionId());
                    BackboneSession s = sessions.get(r.sessionId());
                    if (s != null && s.cluster == c.index) {
                        sessions.remove(r.sessionId(), s);
                    }
                    log.info("session {}: CLOSE ({}) sent to {}: {} frames, {} bytes journaled",
                            Long.toHexString(r.sessionId()), reason, c.id(), r.frameCount(), r.byteCount());
                }
            }
            default -> {
                return SendStatus.SENT;
            }
        }
        return switch (st) {
            case SENT -> SendStatus.SENT;
            case BACKPRESSURE, TOO_MANY_STREAMS, NO_KEY, EXHAUSTED -> SendStatus.BACKPRESSURE;
            case INVALID, TOO_LARGE -> {
                // Never sendable on this link (a frame over the tunnel's payload limit, or a seq the link
                // already passed): retrying would block the whole cluster behind it.
                unsendable.increment();
                log.warn("session {}: journal record {} ({}) refused by the tunnel to {}: {}; skipped",
                        Long.toHexString(r.sessionId()), Long.toHexString(r.index()), r.kind(), c.id(), st);
                yield SendStatus.SENT;
            }
        };
    }

    /**
     * Cluster {@code c}'s gateway restarted (its link heard a newer epoch): the new process knows
     * none of the sessions sent there, and would hold their audio for an OPEN that the journal
     * already sent to its predecessor, then drop it. So each session assigned to it gets its OPEN
     * again ({@code resumed=true}, from its journal record), at once: frames that overtake it are
     * held by the gateway until it arrives (PROTOCOL.md section 10).
     */
    private void reopenSessions(ClusterLink c) {
        long now = System.nanoTime();
        int reopened = 0;
        try (JournalReader rd = journal.newReader()) {
            for (BackboneSession s : sessions.values()) {
                if (s.cluster != c.index) {
                    continue;
                }
                JournalRecord r = rd.readAt(s.openIndex) ? rd.record() : null;
                if (r == null || r.kind() != net.voxedge.backbone.journal.RecordKind.OPEN || r.sessionId() != s.id) {
                    log.error("session {}: its OPEN record {} is not in the journal; cannot re-open it at {}",
                            Long.toHexString(s.id), Long.toHexString(s.openIndex), c.id());
                    continue;
                }
                byte[] json = openJson(r, true);
                var st = c.link.sendControl(s.id, ControlType.OPEN, json, 0, json.length, now);
                if (st == net.voxedge.backbone.tunnel.SendStatus.SENT) {
                    s.agentClosed = false;
                    reopened++;
                } else {
                    log.warn("session {}: OPEN to restarted cluster {} not sent ({})", Long.toHexString(s.id), c.id(), st);
                }
            }
        }
        log.warn("backbone: cluster {} restarted (new epoch on its link); OPEN re-sent for {} session(s)", c.id(),
                reopened);
    }

    private static byte[] openJson(JournalRecord r, boolean resumed) {
        JsonObject o = new JsonObject()
                .put("session", Long.toHexString(r.sessionId()))
                .put("subject", r.subject())
                .put("pop", r.popId())
                .put("host", r.hostId())
                .put("codec", r.codec())
                .put("resumed", resumed);
        return o.encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Moves every session whose cluster is DOWN to the next UP one. */
    private void rebalance() {
        for (BackboneSession s : sessions.values()) {
            ClusterLink from = clusters[s.cluster];
            if (from.up) {
                continue;
            }
            int to = nextUp(from.index);
            if (to >= 0) {
                move(s, from, clusters[to]);
            }
        }
    }

    private int nextUp(int failed) {
        for (int k = 1; k < clusters.length; k++) {
            int i = (failed + k) % clusters.length;
            if (clusters[i].up) {
                return i;
            }
        }
        return -1;
    }

    private void move(BackboneSession s, ClusterLink from, ClusterLink to) {
        long fromIndex = from.forwarder.handOff(s.id);
        if (s.adoptionFrom >= 0) {
            fromIndex = Math.min(fromIndex, s.adoptionFrom); // a replay to `from` was still running
        }
        from.link.closeSession(s.id);
        to.forwarder.adopt(s.id, fromIndex, s.openIndex);
        Adoption a = adoptions.computeIfAbsent(s.id, k -> new Adoption());
        a.fromMask |= 1L << from.index;
        s.adoptionFrom = fromIndex;
        s.handedOffFrom = from.index;
        s.clusterNumber = to.number;
        s.cluster = to.index;
        failovers.increment();
        log.warn("session {}: cluster {} stopped answering; moved to {} (OPEN resumed, replay from journal index {})",
                Long.toHexString(s.id), from.id(), to.id(), Long.toHexString(fromIndex));
    }

    private void adoptionComplete(long sessionId) {
        Adoption a = adoptions.remove(sessionId);
        BackboneSession s = sessions.get(sessionId);
        if (s != null) {
            s.adoptionFrom = -1;
            s.handedOffFrom = -1;
        }
        if (a == null) {
            return;
        }
        for (ClusterLink c : clusters) {
            if ((a.fromMask & (1L << c.index)) != 0) {
                c.forwarder.releaseHandedOff(sessionId);
            }
        }
        log.info("session {}: failover to {} complete: {} frames replayed in {} ms", Long.toHexString(sessionId),
                s == null ? "its new cluster" : clusters[s.cluster].id(), a.replayed,
                (System.nanoTime() - a.startNanos) / 1_000_000);
    }

    /** Events of one cluster's link (tunnel loop). */
    private final class ClusterListener implements TunnelListener {
        private final ClusterLink c;

        ClusterListener(ClusterLink c) {
            this.c = c;
        }

        @Override
        public void onMedia(long session, int stream, int seq, int mediaTs, int flags, byte[] buf, int off, int len) {
            AgentSide a = agentSide;
            if (stream != AgentAudioPayload.STREAM || a == null) {
                controlsIgnored.increment();
                return;
            }
            a.onAgentFrame(session, c.index, mediaTs, buf, off, len);
        }

        @Override
        public void onControl(long session, int type, byte[] buf, int off, int len) {
            if (type != ControlType.CLOSE) {
                controlsIgnored.increment();
                log.debug("session {}: control type {} from {} ignored", Long.toHexString(session), type, c.id());
                return;
            }
            BackboneSession s = sessions.get(session);
            String reason = new String(buf, off, Math.min(len, 200), StandardCharsets.UTF_8);
            if (s == null || s.cluster != c.index) {
                controlsIgnored.increment();
                log.debug("session {}: CLOSE from {} for a session not sent there ({})", Long.toHexString(session),
                        c.id(), reason);
                return;
            }
            // The call stays up: the user may still talk (and be heard again if the cluster reopens
            // the agent); the app or the user ends it.
            s.agentClosed = true;
            agentClosed.increment();
            log.info("session {}: cluster {} closed the agent side ({}); the call stays up",
                    Long.toHexString(session), c.id(), reason.isEmpty() ? "no reason" : reason);
        }

        @Override
        public void onAcked(long session, int stream, int seq) {
            if (stream != WireFormat.CONTROL_STREAM && c.forwarder != null) {
                c.forwarder.acknowledge(session, stream, seq);
            }
        }

        @Override
        public void onLinkState(LinkState state, long nowNanos) {
            c.up = state == LinkState.UP;
            // DOWN: its sessions move on. UP: sessions stranded while nothing was up find this cluster.
            rebalance();
        }
    }

    /** Sessions currently assigned to cluster {@code index} (metrics; any thread). */
    private double sessionsOn(int index) {
        int n = 0;
        for (BackboneSession s : sessions.values()) {
            if (s.cluster == index) {
                n++;
            }
        }
        return n;
    }

    /** The tunnel endpoint's address (tests), or null while stopped. */
    public InetSocketAddress localAddress() {
        TunnelEndpoint ep = endpoint;
        return ep == null ? null : ep.localAddress();
    }

    /** True while cluster {@code index}'s link is UP. */
    public boolean clusterUp(int index) {
        return clusters[index].up;
    }

    /**
     * The round trip, jitter and loss of every UP link, as the registry publishes them for the
     * router's PoP→cluster map (read without the tunnel loop: figures may be a moment old).
     */
    public List<net.voxedge.topology.registry.BackboneRtt> backboneRtts(String popName, java.time.Instant now) {
        List<net.voxedge.topology.registry.BackboneRtt> out = new ArrayList<>();
        for (ClusterLink c : clusters) {
            TunnelLink l = c.link;
            if (l == null || !c.up) {
                continue;
            }
            var q = l.quality();
            long rttNanos = q.rttNanos();
            if (rttNanos <= 0) {
                continue;
            }
            double loss = Math.min(1.0, Math.max(0.0, q.lossRatio()));
            out.add(new net.voxedge.topology.registry.BackboneRtt(popName, c.id(), rttNanos / 1000,
                    Math.max(0, q.jitterNanos() / 1000), Double.isNaN(loss) ? 0.0 : loss, now));
        }
        return out;
    }

    /** Live sessions known to the uplink (until their END record was forwarded). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Stops forwarding and closes the journal. */
    @Override
    public synchronized void close() {
        stop();
        journal.close();
    }

    /** The configured clusters' ids, in {@code backbone.clusters} order. */
    public List<String> clusterIds() {
        List<String> out = new ArrayList<>();
        for (ClusterLink c : clusters) {
            out.add(c.id());
        }
        return out;
    }
}
