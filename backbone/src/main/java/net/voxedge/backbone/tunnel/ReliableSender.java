package net.voxedge.backbone.tunnel;

import static net.voxedge.backbone.tunnel.WireFormat.seqBefore;

/**
 * Sending side of reliable streams (user audio and all control messages): keeps every frame in the
 * {@link RetransmitBuffer} until the peer acknowledges it, retransmits on selective-ack gaps and on
 * the RFC 6298 timeout, gives a frame up after {@code maxRetransmissions} and reports cumulative
 * acknowledgements per stream. A full budget is reported as {@link SendStatus#BACKPRESSURE}.
 */
final class ReliableSender {
    private static final int MAX_BACKOFF = 16;

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

    /** Applies one ACK body. */
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
        if (progress) {
            backoff = 0;
        }
        if (haveSample) {
            long sample = now - sampleSentAt;
            long delay = ack.ackDelayNanos();
            rtt.sample(sample > delay ? sample - delay : sample);
        }
    }

    /** Frames below the highest selectively acked one that were sent at least an RTT ago are presumed lost. */
    private void fastRetransmit(int slot, int highestAcked, long now, FrameOutput out) {
        long threshold = Math.max(granularityNanos, rtt.hasSample() ? rtt.srttNanos() : rtt.rtoNanos() / 2);
        int d = buffer.streamHead(slot);
        while (d >= 0 && seqBefore(buffer.seq(d), highestAcked)) {
            int next = buffer.nextInStream(d);
            if (now - buffer.lastSent(d) >= threshold && buffer.transmissions(d) <= maxRetransmissions) {
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

    /** Retransmits or abandons frames whose timeout passed. */
    void onTimeout(long now, TunnelListener listener, FrameOutput out) {
        long rto = currentRto();
        boolean fired = false;
        int d;
        while ((d = buffer.timeHead()) >= 0 && now - buffer.lastSent(d) >= rto) {
            fired = true;
            if (buffer.transmissions(d) > maxRetransmissions) {
                int slot = buffer.streamSlot(d);
                int seq = buffer.seq(d);
                buffer.remove(d);
                abandoned++;
                listener.onFrameLost(streams.session(slot), streams.stream(slot), seq);
                freeIfDone(slot);
            } else {
                retransmit(d, now, out);
            }
        }
        if (fired && backoff < MAX_BACKOFF) {
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

    /** When the oldest transmission times out, or Long.MAX_VALUE with nothing in flight. */
    long nextDeadline() {
        int d = buffer.timeHead();
        return d < 0 ? Long.MAX_VALUE : buffer.lastSent(d) + currentRto();
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
