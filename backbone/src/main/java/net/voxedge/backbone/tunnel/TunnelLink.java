package net.voxedge.backbone.tunnel;

/**
 * One end of a tunnel link (one per peer), sans-IO: {@link #receive} takes datagrams, the send
 * methods take frames, {@link #onTimeout} takes the passing of time; datagrams come out through the
 * {@link TransmitSink}, events through the {@link TunnelListener}, and {@link #nextDeadlineNanos()}
 * says when to call {@link #onTimeout} next. No sockets, threads or clocks; not thread-safe (drive it
 * from one thread). The steady path (send, receive, ack, retransmit) allocates nothing of its own;
 * the JCA AES-GCM cipher does allocate per operation (PROTOCOL.md, "Crypto").
 */
public final class TunnelLink {
    private final TunnelLinkConfig config;
    private final LinkKeys keys;
    private final TunnelListener listener;
    private final TransmitSink sink;
    private final PacketHeader header = new PacketHeader();
    private final DataFrame data = new DataFrame();
    private final AckFrame ackIn = new AckFrame();
    private final AckFrame ackOut = new AckFrame();
    private final ProbeFrame probe = new ProbeFrame();
    private final ReplayWindow replay = new ReplayWindow();
    private final RttEstimator rtt;
    private final LinkQuality quality;
    private final ReliableSender sender;
    private final StreamReceiver receiver;
    private final byte[] out = new byte[WireFormat.MAX_DATAGRAM];
    private final byte[] plain = new byte[WireFormat.MAX_BODY];
    private final byte[] body = new byte[WireFormat.MAX_BODY];
    private final FrameOutput output = this::transmitBody;
    private final long[] drops = new long[DropReason.values().length];
    private long nextPacketNumber;
    private long peerEpoch = -1;
    private int depth;
    private long[] deferredCloses = new long[16];
    private int deferredCount;
    private long datagramsSent;
    private long datagramsReceived;
    private long bytesSent;
    private long bytesReceived;
    private long sealFailures;
    private long peerRestarts;

    /** A link with the given settings and keys (install and activate a key before sending). */
    public TunnelLink(TunnelLinkConfig config, LinkKeys keys, TunnelListener listener, TransmitSink sink) {
        this.config = config;
        this.keys = keys;
        this.listener = listener;
        this.sink = sink;
        this.rtt = new RttEstimator(config.initialRtoNanos(), config.minRtoNanos(), config.maxRtoNanos(),
                config.timerGranularityNanos());
        this.quality = new LinkQuality(config.probeIntervalNanos(), config.probeTimeoutNanos(),
                config.downAfterLostProbes(), config.idleTimeoutNanos());
        this.sender = new ReliableSender(config, rtt);
        this.receiver = new StreamReceiver(config);
    }

    // ---------------------------------------------------------------- receive

    /** Handles one datagram from the peer. Never throws on any input; drops are counted. */
    public void receive(byte[] buf, int off, int len, long nowNanos) {
        depth++;
        try {
            DropReason reason = receiveDatagram(buf, off, len, nowNanos);
            if (reason != null) {
                drop(reason);
            }
            flushAcks(nowNanos);
        } finally {
            depth--;
            applyDeferredCloses();
        }
    }

    private DropReason receiveDatagram(byte[] buf, int off, int len, long now) {
        DropReason bad = header.parse(buf, off, len);
        if (bad != null) {
            return bad;
        }
        if (header.linkId() != config.linkId()) {
            return DropReason.WRONG_LINK;
        }
        long epoch = header.epoch();
        long pn = header.packetNumber();
        if (epoch < peerEpoch) {
            return DropReason.STALE_EPOCH;
        }
        if (epoch == peerEpoch) {
            DropReason replayed = replay.check(pn);
            if (replayed != null) {
                return replayed;
            }
        }
        int n = keys.open(header.keyId(), buf, off, len, epoch, pn, plain, 0);
        if (n == LinkKeys.UNKNOWN_KEY) {
            return DropReason.UNKNOWN_KEY;
        }
        if (n < 0) {
            return DropReason.BAD_TAG;
        }
        // authentic from here on: only now may the datagram move the window and the epoch
        if (epoch > peerEpoch) {
            if (peerEpoch >= 0) {
                peerRestarts++;
                receiver.onPeerRestart();
                sender.onPeerRestart();
            }
            peerEpoch = epoch;
            replay.reset();
        }
        replay.commit(pn);
        datagramsReceived++;
        bytesReceived += len;
        quality.onHeard(now);
        FrameType type = header.type();
        switch (type) {
            case MEDIA, CONTROL -> {
                if (!data.parse(type, plain, 0, n)) {
                    return DropReason.MALFORMED_BODY;
                }
                return receiver.onData(data, plain, 0, n, now, listener);
            }
            case ACK -> {
                if (!ackIn.parse(plain, 0, n)) {
                    return DropReason.MALFORMED_BODY;
                }
                sender.onAck(ackIn, now, listener, output);
                return null;
            }
            case PROBE -> {
                if (!probe.parse(plain, 0, n)) {
                    return DropReason.MALFORMED_BODY;
                }
                transmitBody(FrameType.PROBE_REPLY, plain, 0, n); // echo unchanged
                return null;
            }
            case PROBE_REPLY -> {
                if (!probe.parse(plain, 0, n)) {
                    return DropReason.MALFORMED_BODY;
                }
                int result = quality.onReply(probe.probeId(), probe.originNanos(), now);
                if (result != LinkQuality.UNMATCHED) {
                    rtt.sample(now - probe.originNanos());
                }
                if (result == LinkQuality.WENT_UP) {
                    listener.onLinkState(LinkState.UP, now);
                }
                return null;
            }
            default -> {
                return DropReason.BAD_TYPE;
            }
        }
    }

    private void drop(DropReason reason) {
        drops[reason.ordinal()]++;
        listener.onDrop(reason);
    }

    // ---------------------------------------------------------------- send

    /**
     * Sends one media frame of (session, stream). Reliable frames (user audio) are kept until
     * acknowledged and must come in increasing seq order per stream; best-effort frames (agent
     * audio) are sent once. {@code flags} may carry {@link DataFrame#FLAG_MARKER}.
     */
    public SendStatus sendMedia(long session, int stream, int seq, int mediaTimestamp, int flags,
            byte[] payload, int off, int len, boolean reliable, long nowNanos) {
        SendStatus pre = checkSend(stream, len, WireFormat.MAX_MEDIA_PAYLOAD);
        if (pre != null) {
            return pre;
        }
        if (payload == null || off < 0 || len < 0 || off > payload.length - len) {
            return SendStatus.INVALID;
        }
        int f = flags & DataFrame.CALLER_FLAGS;
        if (reliable) {
            return sender.send(session, stream, seq, mediaTimestamp, f, payload, off, len, nowNanos, output);
        }
        int n = DataFrame.writeMedia(body, 0, session, stream, f, seq, seq, mediaTimestamp, payload, off, len);
        transmitBody(FrameType.MEDIA, body, 0, n);
        return SendStatus.SENT;
    }

    /** Sends a control message of a session, reliably and in order (control types 1..255). */
    public SendStatus sendControl(long session, int controlType, byte[] payload, int off, int len, long nowNanos) {
        if (controlType < 1 || controlType > 255 || payload == null || off < 0 || len < 0 || off > payload.length - len) {
            return SendStatus.INVALID;
        }
        SendStatus pre = checkSend(0, len, WireFormat.MAX_CONTROL_PAYLOAD);
        if (pre != null) {
            return pre;
        }
        return sender.send(session, WireFormat.CONTROL_STREAM, 0, controlType, 0, payload, off, len, nowNanos, output);
    }

    private SendStatus checkSend(int stream, int len, int max) {
        if (stream < 0 || stream > WireFormat.MAX_MEDIA_STREAM) {
            return SendStatus.INVALID;
        }
        if (len > max) {
            return SendStatus.TOO_LARGE;
        }
        if (keys.currentKeyId() < 0) {
            return SendStatus.NO_KEY;
        }
        if (nextPacketNumber > WireFormat.MAX_U48 - 1_000_000) {
            return SendStatus.EXHAUSTED; // leave room for acks and retransmissions of what is in flight
        }
        return null;
    }

    /**
     * Forgets a session's streams: reliable frames still in flight are kept until settled; frames
     * arriving for it later are dropped (reliable ones still acknowledged so the peer stops).
     */
    public void closeSession(long session) {
        if (depth > 0) {
            if (deferredCount == deferredCloses.length) {
                deferredCloses = java.util.Arrays.copyOf(deferredCloses, deferredCount * 2);
            }
            deferredCloses[deferredCount++] = session;
            return;
        }
        sender.closeSession(session);
        receiver.closeSession(session);
    }

    private void applyDeferredCloses() {
        while (depth == 0 && deferredCount > 0) {
            long session = deferredCloses[--deferredCount];
            sender.closeSession(session);
            receiver.closeSession(session);
        }
    }

    private boolean transmitBody(FrameType type, byte[] src, int off, int len) {
        int keyId = keys.currentKeyId();
        if (keyId < 0 || nextPacketNumber > WireFormat.MAX_U48) {
            sealFailures++;
            return false;
        }
        long pn = nextPacketNumber++;
        PacketHeader.write(out, 0, type, keyId, config.linkId(), config.epoch(), pn);
        int n = keys.seal(out, 0, src, off, len, config.epoch(), pn);
        if (n < 0) {
            sealFailures++;
            return false;
        }
        datagramsSent++;
        bytesSent += n;
        sink.transmit(out, 0, n);
        return true;
    }

    // ---------------------------------------------------------------- time

    /** Runs whatever is due: probes, probe expiry, retransmissions, delayed acks. */
    public void onTimeout(long nowNanos) {
        depth++;
        try {
            if (quality.onTimeout(nowNanos)) {
                listener.onLinkState(LinkState.DOWN, nowNanos);
            }
            if (quality.probeDue(nowNanos) && keys.currentKeyId() >= 0) {
                int id = quality.startProbe(nowNanos);
                int n = ProbeFrame.write(body, 0, id, nowNanos);
                transmitBody(FrameType.PROBE, body, 0, n);
            }
            sender.onTimeout(nowNanos, listener, output);
            flushAcks(nowNanos);
        } finally {
            depth--;
            applyDeferredCloses();
        }
    }

    private void flushAcks(long now) {
        if (!receiver.ackDue(now)) {
            return;
        }
        while (receiver.hasPendingAcks()) {
            receiver.fillAck(ackOut, now);
            int n = ackOut.write(body, 0);
            transmitBody(FrameType.ACK, body, 0, n);
        }
    }

    /**
     * When {@link #onTimeout} must run next, on the clock the caller passes in: compare with
     * {@code deadline <= now} (not by subtraction): it is Long.MIN_VALUE for "at once" (a probe
     * or ack is due) and Long.MAX_VALUE never occurs while probes run.
     */
    public long nextDeadlineNanos() {
        long d = quality.nextDeadline();
        d = Math.min(d, sender.nextDeadline());
        return Math.min(d, receiver.ackDeadline());
    }

    // ---------------------------------------------------------------- figures

    /** UP or DOWN as the probes see it. */
    public LinkState state() {
        return quality.state();
    }

    /** Probe figures: RTT, jitter, loss. */
    public LinkQuality quality() {
        return quality;
    }

    /** RTT estimator behind the retransmission timeout. */
    public RttEstimator rtt() {
        return rtt;
    }

    /** Current retransmission timeout, backoff included. */
    public long rtoNanos() {
        return sender.currentRto();
    }

    /** Key holder (rotate keys through it, on this link's thread). */
    public LinkKeys keys() {
        return keys;
    }

    /** Settings. */
    public TunnelLinkConfig config() {
        return config;
    }

    /** Datagrams dropped for {@code reason}. */
    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** Unacknowledged reliable bytes held for retransmission. */
    public long inflightBytes() {
        return sender.buffer().liveBytes();
    }

    /** Unacknowledged reliable frames. */
    public int inflightFrames() {
        return sender.buffer().liveFrames();
    }

    /** Retransmissions (timeout and fast) so far. */
    public long retransmits() {
        return sender.retransmits;
    }

    /** Retransmissions triggered by selective-ack gaps. */
    public long fastRetransmits() {
        return sender.fastRetransmits;
    }

    /** Reliable frames given up after the retransmission limit. */
    public long framesLost() {
        return sender.abandoned;
    }

    /** Sends refused with {@link SendStatus#BACKPRESSURE}. */
    public long backpressureEvents() {
        return sender.backpressure;
    }

    /** Frames delivered to the listener. */
    public long framesDelivered() {
        return receiver.delivered_;
    }

    /** Reliable seqs skipped because the sender abandoned them. */
    public long seqsSkipped() {
        return receiver.skipped;
    }

    /** Out-of-order frames held now. */
    public int heldFrames() {
        return receiver.heldFrames();
    }

    /** Datagrams sent. */
    public long datagramsSent() {
        return datagramsSent;
    }

    /** Authentic datagrams received. */
    public long datagramsReceived() {
        return datagramsReceived;
    }

    /** Bytes sent. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Authentic bytes received. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Times the peer came back with a higher epoch (it restarted). */
    public long peerRestarts() {
        return peerRestarts;
    }

    /** Sending-side streams tracked (tests). */
    int senderStreams() {
        return sender.streamCount();
    }

    /** Receiving-side streams tracked (tests). */
    int receiverStreams() {
        return receiver.streamCount();
    }

    /** Datagrams that could not be sealed (no key). */
    public long sealFailures() {
        return sealFailures;
    }
}
