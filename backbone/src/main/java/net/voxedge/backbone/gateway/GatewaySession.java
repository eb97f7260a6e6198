package net.voxedge.backbone.gateway;

import net.voxedge.backbone.adapter.ModelAdapter;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.CancelPayload;

/**
 * One voice session at the gateway, sans IO: user audio from the tunnel to the model adapter
 * exactly once and in order, agent audio from the adapter tagged per response and paced toward
 * the edge, and barge-in cancels mapped back to the model's ids (PROTOCOL.md section 10).
 *
 * <p>Time comes in as {@code nowNanos}; agent frames go out through an {@link AgentFrameSink} from
 * {@link #pace}. Pacing: frame k of a response is due at {@code start + k·20 ms − lead}, where
 * {@code start} is when its first frame arrived (or, when a response follows another, when the
 * previous one finishes playing); a frame that arrives after its play time (the model fell behind
 * real time) moves the response's clock so that it plays now. A frame held more than the staleness
 * past {@code max(due, arrival)} — the gateway did not get to run — is skipped.
 *
 * <p>Not thread-safe: the gateway calls it from one event loop. The steady path allocates nothing
 * (the queue grows to its high-water mark once).
 */
public final class GatewaySession {
    /** Responses remembered for cancels (a CANCEL names one of the last few). */
    static final int TRACKED_RESPONSES = 16;
    private static final int MAX_PAYLOAD = AgentAudioPayload.HEADER + AgentAudioPayload.MAX_OPUS;

    private final long id;
    private final PacingSettings pacing;
    private final AgentFrameSink sink;
    private final GatewayMetrics metrics;
    private final AgentFrameQueue queue;
    private final ResponseTrack[] responses = new ResponseTrack[TRACKED_RESPONSES];
    private OpenRequest open;
    private ModelAdapter adapter;
    private ResponseTrack current;
    private int lastTag;
    private int nextAgentSeq;

    private boolean anyUserFrame;
    private int lastUserSeq;
    private long userSeq;
    private int lastUserTs;
    private long userTs;
    private long userFrames;
    private long duplicates;
    private boolean closed;

    /** A session for {@code open}, sending agent audio to {@code sink}; attach its adapter next. */
    public GatewaySession(OpenRequest open, PacingSettings pacing, AgentFrameSink sink, GatewayMetrics metrics) {
        this.id = open.session();
        this.open = open;
        this.pacing = pacing;
        this.sink = sink;
        this.metrics = metrics;
        this.queue = new AgentFrameQueue(pacing.maxQueuedFrames());
        for (int i = 0; i < responses.length; i++) {
            responses[i] = new ResponseTrack();
        }
    }

    /** The model connection of this session (set once, right after construction). */
    public void attach(ModelAdapter modelAdapter) {
        this.adapter = modelAdapter;
    }

    /** The edge re-sent OPEN (failover, restart): the model connection and its state stay. */
    public void reopened(OpenRequest again) {
        this.open = again;
    }

    /**
     * A user audio frame (tunnel stream 0, in seq order). Frames at or before the highest seq
     * already delivered are replays and dropped. Returns true when it went to the model.
     */
    public boolean onUserAudio(int seq, int mediaTs, byte[] opus, int off, int len) {
        if (closed) {
            return false;
        }
        if (anyUserFrame && (seq - lastUserSeq) <= 0) {
            duplicates++;
            metrics.duplicateFrames.increment();
            return false;
        }
        // The adapter wants a sequence that never wraps: extend the 32-bit seq and timestamp.
        if (anyUserFrame) {
            userSeq += seq - lastUserSeq;
            userTs += mediaTs - lastUserTs;
        } else {
            userSeq = Integer.toUnsignedLong(seq);
            userTs = Integer.toUnsignedLong(mediaTs);
            anyUserFrame = true;
        }
        lastUserSeq = seq;
        lastUserTs = mediaTs;
        userFrames++;
        metrics.userFrames.increment();
        if (adapter != null) {
            adapter.sendUserAudio(opus, off, len, userSeq, userTs);
        }
        return true;
    }

    /**
     * A 20 ms agent frame from the model (the adapter's {@code onAgentAudio}), arrived at
     * {@code nowNanos}: tagged, scheduled and queued; {@link #pace} sends it when it is due.
     */
    public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, byte[] opus, int off, int len,
                             long nowNanos) {
        if (closed || responseId == null || len <= 0 || len > AgentAudioPayload.MAX_OPUS) {
            metrics.agentFrames(AgentFrameResult.REFUSED, closed ? 0 : 1);
            return;
        }
        ResponseTrack r = track(responseId, nowNanos);
        if (r.cancelled) {
            metrics.agentFrames(AgentFrameResult.CANCELLED, 1);
            return;
        }
        long positionMs = (long) r.frames * 20;
        if (itemId != null && !itemId.equals(r.itemId)) {
            r.itemId = itemId;
            r.itemStartMs = Math.max(0, positionMs - itemOffsetMs);
        }
        int k = r.frames++;
        long playAt = r.startNanos + k * PacingSettings.FRAME_NANOS;
        if (nowNanos - playAt > 0) {
            r.startNanos = nowNanos - k * PacingSettings.FRAME_NANOS;
            playAt = nowNanos;
        }
        if (queue.isFull()) {
            queue.pop();
            metrics.agentFrames(AgentFrameResult.DROPPED_OVERRUN, 1);
        }
        byte[] slot = queue.reserve(MAX_PAYLOAD);
        int n = AgentAudioPayload.write(slot, 0, r.tag, opus, off, len);
        queue.commit(n, r.tag, k, playAt - pacing.leadNanos(), nowNanos);
    }

    private ResponseTrack track(String responseId, long nowNanos) {
        if (current != null && responseId.equals(current.responseId)) {
            return current;
        }
        for (ResponseTrack t : responses) {
            if (t.tag != 0 && responseId.equals(t.responseId)) {
                return t; // an older response still sending (rare): keep its tag and clock
            }
        }
        long start = nowNanos;
        if (current != null && !current.cancelled && current.endNanos() - start > 0) {
            start = current.endNanos(); // play after the previous response, not over it
        }
        int tag = ++lastTag == 0 ? ++lastTag : lastTag; // 0 is never a tag
        ResponseTrack t = responses[Integer.remainderUnsigned(tag, TRACKED_RESPONSES)];
        t.reset(tag, responseId, start);
        current = t;
        return t;
    }

    /**
     * Sends every queued frame that is due at {@code nowNanos}, skipping stale ones; returns the
     * number sent. Called by the gateway's pacing timer.
     */
    public int pace(long nowNanos) {
        int sent = 0;
        while (!queue.isEmpty()) {
            long due = queue.headDue();
            if (due - nowNanos > 0) {
                break;
            }
            long heldSince = Math.max(due, queue.headArrival());
            if (nowNanos - heldSince > pacing.stalenessNanos()) {
                metrics.agentFrames(AgentFrameResult.SKIPPED_STALE, 1);
            } else {
                int mediaTs = queue.headFrameIndex() * 960;
                if (sink.sendAgentFrame(id, nextAgentSeq, mediaTs, queue.headPayload(), 0, queue.headLength())) {
                    nextAgentSeq++;
                    sent++;
                    metrics.agentFrames(AgentFrameResult.SENT, 1);
                } else {
                    metrics.agentFrames(AgentFrameResult.REFUSED, 1);
                }
            }
            queue.pop();
        }
        return sent;
    }

    /**
     * A CANCEL from the edge: cancels the tagged response at the model ({@code cancel(itemId,
     * playedMs within the item)}), drops its queued frames, and refuses its later ones.
     */
    public CancelOutcome onCancel(byte[] b, int off, int len) {
        if (b == null || !CancelPayload.valid(len) || off < 0 || off > b.length - len) {
            metrics.cancelsIgnored.increment();
            return CancelOutcome.MALFORMED;
        }
        int tag = CancelPayload.responseTag(b, off);
        long playedMs = Integer.toUnsignedLong(CancelPayload.agentPlayedMs(b, off));
        ResponseTrack r = tag == 0 ? null : responses[Integer.remainderUnsigned(tag, TRACKED_RESPONSES)];
        if (r == null || r.tag != tag || r.responseId == null) {
            metrics.cancelsIgnored.increment();
            return CancelOutcome.UNKNOWN_TAG;
        }
        if (r.cancelled) {
            metrics.cancelsIgnored.increment();
            return CancelOutcome.ALREADY_CANCELLED;
        }
        r.cancelled = true;
        metrics.cancels.increment();
        metrics.agentFrames(AgentFrameResult.CANCELLED, queue.removeTag(tag));
        if (adapter != null && r.itemId != null) {
            adapter.cancel(r.itemId, Math.max(0, playedMs - r.itemStartMs));
        }
        return CancelOutcome.CANCELLED;
    }

    /** Ends the session: drops queued audio and closes the model connection. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        if (adapter != null) {
            adapter.close();
        }
    }

    /** The edge's session id. */
    public long id() {
        return id;
    }

    /** The latest OPEN. */
    public OpenRequest open() {
        return open;
    }

    /** The model connection, or null before {@link #attach}. */
    public ModelAdapter adapter() {
        return adapter;
    }

    /** The tag of the newest response (0 before any). */
    public int lastTag() {
        return lastTag;
    }

    /** Agent frames waiting for their send time. */
    public int queuedFrames() {
        return queue.size();
    }

    /** User frames delivered to the model. */
    public long userFrames() {
        return userFrames;
    }

    /** User frames dropped as replays. */
    public long duplicateUserFrames() {
        return duplicates;
    }

    /** True after {@link #close}. */
    public boolean isClosed() {
        return closed;
    }
}
