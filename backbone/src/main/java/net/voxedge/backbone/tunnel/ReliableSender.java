package net.voxedge.backbone.tunnel;

import static net.voxedge.backbone.tunnel.WireFormat.seqBefore;

/**
 * Sending side of reliable streams (user audio and all control messages): keeps every frame in the
 * {@link RetransmitBuffer} until the peer acknowledges it, retransmits on selective-ack gaps and on
 * the RFC 6298 timeout, gives a frame up after {@code maxRetransmissions} and reports cumulative
 * acknowledgements per stream. A full budget is reported as {@link SendStatus#BACKPRESSURE}.
 * Retransmissions are bounded so that a stall cannot come back as a storm: a timer expiry resends
 * only the oldest {@link #TIMEOUT_PROBES} frames, everything else spends a credit earned from
 * acknowledged frames (PROTOCOL.md §4).
 */
final class ReliableSender {
    private static final int MAX_BACKOFF = 16;
    /** Oldest frames retransmitted when the retransmission timer expires (the probe of RFC 9002 §6.2.4). */
    static final int TIMEOUT_PROBES = 2;
    /**
     * Most retransmissions that may go out back to back: the credit earned from acknowledged frames
     * is capped here, so a burst of retransmissions never exceeds what the link recently delivered.
     */
    static final int RETRANSMIT_BURST = 64;
    /** Retransmissions earned per newly acknowledged frame (2: recovery doubles per round trip, like slow start). */
    private static final int CREDIT_PER_ACKED = 2;

    private final StreamTable streams;
    private final RetransmitBuffer buffer;
    private final int[] lastSent;
    private final boolean[] hasSent;
    private final int[] reportedCum;
    private final boolean[] hasReported;
    private final boolean[] closing;
    private final int[] nextControlSeq;
    private final int controlSeqBase;
    private final int maxRetransmissions;
    private final long maxRtoNanos;
    private final long granularityNanos;
    private final RttEstimator rtt;
    private int backoff;
    private long lastExpiry;
    private boolean expired;
    private int credit;
    long retransmits;
    long fastRetransmits;
    long abandoned;
    long backpressure;

    ReliableSender(TunnelLinkConfig config, RttEstimator rtt) {
        this.streams = new StreamTable(config.maxStreams());
        this.buffer = new RetransmitBuffer(config.retransmitBudgetBytes(), config.maxInflightFrames(), config.maxStreams());
        int n = config.maxStreams();
        lastSent = new int[n];
        hasSent = new boolean[n];
        reportedCum = new int[n];
        hasReported = new boolean[n];
        closing = new boolean[n];
        nextControlSeq = new int[n];
        controlSeqBase = controlSeqBase(config.epoch());
        maxRetransmissions = config.maxRetransmissions();
        maxRtoNanos = config.maxRtoNanos();
        granularityNanos = config.timerGranularityNanos();
        this.rtt = rtt;
    }

    /**
     * Buffers and transmits one reliable frame. For control frames ({@code stream == CONTROL_STREAM})
     * the sender picks the seq and {@code tsOrType} is the control type; for media it is the media ts.
     */
    SendStatus send(long session, int stream, int seq, int tsOrType, int flags, byte[] payload, int off, int len,
            long now, FrameOutput out) {
        int slot = streams.findOrAdd(session, stream);
        if (slot < 0) {
            return SendStatus.TOO_MANY_STREAMS;
        }
        boolean fresh = streams.lastAdded();
        if (fresh) {
            hasSent[slot] = false;
            hasReported[slot] = false;
            closing[slot] = false;
            nextControlSeq[slot] = controlSeqBase;
        }
        boolean control = stream == WireFormat.CONTROL_STREAM;
        if (control) {
            seq = nextControlSeq[slot];
        } else if (hasSent[slot] && !seqBefore(lastSent[slot], seq)) {
            return SendStatus.INVALID;
        }
        int bodyLen = (control ? WireFormat.CONTROL_HEADER : WireFormat.MEDIA_HEADER) + len;
        int d = buffer.add(slot, seq, bodyLen, now);
        if (d < 0) {
            backpressure++;
            if (fresh) {
                streams.remove(slot);
            }
            return SendStatus.BACKPRESSURE;
        }
        closing[slot] = false;
        int floor = buffer.seq(buffer.streamHead(slot));
        byte[] arena = buffer.arena();
        int at = buffer.offset(d);
        int wireFlags = flags | DataFrame.FLAG_RELIABLE;
        if (control) {
            DataFrame.writeControl(arena, at, session, tsOrType, wireFlags, seq, floor, payload, off, len);
        } else {
            DataFrame.writeMedia(arena, at, session, stream, wireFlags, seq, floor, tsOrType, payload, off, len);
        }
        lastSent[slot] = seq;
        hasSent[slot] = true;
        if (control) {
            nextControlSeq[slot] = seq + 1;
        }
        // a failed seal leaves the frame buffered: the retransmission timer sends it again
        out.transmitBody(control ? FrameType.CONTROL : FrameType.MEDIA, arena, at, bodyLen);
        return SendStatus.SENT;
    }

    /**
     * Applies one ACK body: removes what it acknowledges, earns retransmission credit for it, then
     * spends the credit on gaps it shows (fast retransmit) and on frames whose timeout passed that the
     * timer's probes have not reached yet, oldest first.
     */
    void onAck(AckFrame ack, long now, TunnelListener listener, FrameOutput out) {
        boolean progress = false;
        long sampleSentAt = 0;
        boolean haveSample = false;
        for (int i = 0; i < ack.count(); i++) {
            int slot = streams.find(ack.session(i), ack.stream(i));
            if (slot < 0 || !hasSent[slot]) {
                continue;
            }
            int cum = ack.cumulative(i);
            if (seqBefore(lastSent[slot], cum)) {
                if (streams.stream(slot) == WireFormat.CONTROL_STREAM) {
                    continue; // written for another incarnation of ours (or a confused peer): trust nothing in it
                }
                // The peer kept this media stream's mark from our previous incarnation and we replay
                // below it with the original seqs: it holds everything we sent. Without this a replay
                // window smaller than the gap would wait for acks that never come.
                cum = lastSent[slot];
            }
            int d = buffer.streamHead(slot);
            while (d >= 0 && !seqBefore(cum, buffer.seq(d))) {
                int next = buffer.nextInStream(d);
                if (buffer.transmissions(d) == 1 && (!haveSample || buffer.firstSent(d) - sampleSentAt > 0)) {
                    sampleSentAt = buffer.firstSent(d);
                    haveSample = true;
                }
                buffer.remove(d);
                progress = true;
                earn();
                d = next;
            }
            int ranges = ack.rangeCount(i);
            if (ranges > 0) {
                int r = 0;
                while (d >= 0 && r < ranges) {
                    int s = buffer.seq(d);
                    if (seqBefore(s, ack.rangeStart(i, r))) {
                        d = buffer.nextInStream(d);
                    } else if (!seqBefore(ack.rangeEnd(i, r), s)) {
                        int next = buffer.nextInStream(d);
                        if (buffer.transmissions(d) == 1 && (!haveSample || buffer.firstSent(d) - sampleSentAt > 0)) {
                            sampleSentAt = buffer.firstSent(d);
                            haveSample = true;
                        }
                        buffer.remove(d);
                        progress = true;
                        earn();
                        d = next;
                    } else {
                        r++;
                    }
                }
                fastRetransmit(slot, ack.rangeEnd(i, ranges - 1), now, out);
            }
            if (!hasReported[slot] || seqBefore(reportedCum[slot], cum)) {
                reportedCum[slot] = cum;
                hasReported[slot] = true;
                listener.onAcked(streams.session(slot), streams.stream(slot), cum);
            }
            freeIfDone(slot);
        }
        if (haveSample) {
            long sample = now - sampleSentAt;
            long delay = ack.ackDelayNanos();
            rtt.sample(sample > delay ? sample - delay : sample);
        }
        if (progress) {
            backoff = 0;
            retransmitExpired(now, out);
        }
    }

    private void earn() {
        credit = Math.min(RETRANSMIT_BURST, credit + CREDIT_PER_ACKED);
    }

    /**
     * Acks flow again after a timeout: frames whose own timeout passed go out oldest first, as far as
     * the credit reaches; the rest wait for the next acks (RFC 6298 §5 retransmits only the earliest
     * segment on expiry; the remainder is clocked by acks).
     */
    private void retransmitExpired(long now, FrameOutput out) {
        long rto = currentRto();
        int d = buffer.timeHead();
        while (credit > 0 && d >= 0 && now - buffer.lastSent(d) >= rto) {
            int next = buffer.nextInTime(d);
            if (buffer.transmissions(d) <= maxRetransmissions) { // beyond the limit the timer gives it up
                credit--;
                retransmit(d, now, out);
            }
            d = next;
        }
    }

    /** Frames below the highest selectively acked one that were sent at least an RTT ago are presumed lost. */
    private void fastRetransmit(int slot, int highestAcked, long now, FrameOutput out) {
        long threshold = Math.max(granularityNanos, rtt.hasSample() ? rtt.srttNanos() : rtt.rtoNanos() / 2);
        int d = buffer.streamHead(slot);
        while (credit > 0 && d >= 0 && seqBefore(buffer.seq(d), highestAcked)) {
            int next = buffer.nextInStream(d);
            if (now - buffer.lastSent(d) >= threshold && buffer.transmissions(d) <= maxRetransmissions) {
                credit--;
                retransmit(d, now, out);
                fastRetransmits++;
            }
            d = next;
        }
    }

    private void retransmit(int d, long now, FrameOutput out) {
        int slot = buffer.streamSlot(d);
        int floor = buffer.seq(buffer.streamHead(slot));
        byte[] arena = buffer.arena();
        DataFrame.patchForRetransmission(arena, buffer.offset(d), floor);
        FrameType type = streams.stream(slot) == WireFormat.CONTROL_STREAM ? FrameType.CONTROL : FrameType.MEDIA;
        out.transmitBody(type, arena, buffer.offset(d), buffer.length(d));
        buffer.retransmitted(d, now);
        retransmits++;
    }

    /**
     * The retransmission timer: when it expires, gives up the expired frames that reached the
     * retransmission limit, retransmits at most {@link #TIMEOUT_PROBES} of the oldest others (a probe,
     * RFC 9002 §6.2.4, not the whole window: a stall would otherwise come back as a storm) and doubles
     * the RTO (RFC 6298 §5.5). The timer restarts from the expiry, so it fires once per backed-off RTO.
     */
    void onTimeout(long now, TunnelListener listener, FrameOutput out) {
        if (nextDeadline() - now > 0) {
            return;
        }
        long rto = currentRto();
        int probes = 0;
        int d = buffer.timeHead();
        while (d >= 0 && probes < TIMEOUT_PROBES && now - buffer.lastSent(d) >= rto) {
            int next = buffer.nextInTime(d);
            if (buffer.transmissions(d) > maxRetransmissions) {
                int slot = buffer.streamSlot(d);
                int seq = buffer.seq(d);
                buffer.remove(d);
                abandoned++;
                listener.onFrameLost(streams.session(slot), streams.stream(slot), seq);
                freeIfDone(slot);
            } else {
                retransmit(d, now, out);
                probes++;
            }
            d = next;
        }
        lastExpiry = now;
        expired = true;
        if (backoff < MAX_BACKOFF) {
            backoff++;
        }
    }

    /** RTO with exponential backoff after consecutive timeouts. */
    long currentRto() {
        long rto = rtt.rtoNanos();
        for (int i = 0; i < backoff && rto < maxRtoNanos; i++) {
            rto *= 2;
        }
        return Math.min(rto, maxRtoNanos);
    }

    /**
     * When the oldest transmission times out, but never sooner than one (backed-off) RTO after the
     * previous expiry; Long.MAX_VALUE with nothing in flight.
     */
    long nextDeadline() {
        int d = buffer.timeHead();
        if (d < 0) {
            return Long.MAX_VALUE;
        }
        long from = buffer.lastSent(d);
        if (expired && lastExpiry - from > 0) {
            from = lastExpiry;
        }
        return from + currentRto();
    }

    /**
     * The peer restarted: the backoff measured a peer that was not there, so the frames still in
     * flight go out again after one plain RTO instead of up to the maximum.
     */
    void onPeerRestart() {
        backoff = 0;
    }

    /**
     * First control seq of every session in the incarnation with this epoch. Controls are numbered
     * afresh in each incarnation; starting each one at a different, well-spread point means an ACK
     * the peer wrote for the previous incarnation (still on the wire after a quick restart) names
     * seqs far from the new ones, so it neither acknowledges a new control nor is mistaken for one.
     */
    static int controlSeqBase(long epoch) {
        return (int) ((epoch * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /** Frees the session's streams once their frames are settled. */
    void closeSession(long session) {
        for (int slot = 0; slot < streams.capacity(); slot++) {
            if (streams.isLive(slot) && streams.session(slot) == session) {
                closing[slot] = true;
                freeIfDone(slot);
            }
        }
    }

    private void freeIfDone(int slot) {
        if (closing[slot] && buffer.streamHead(slot) < 0) {
            streams.remove(slot);
        }
    }

    RetransmitBuffer buffer() {
        return buffer;
    }

    int streamCount() {
        return streams.size();
    }
}
