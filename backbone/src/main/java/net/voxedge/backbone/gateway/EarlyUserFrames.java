package net.voxedge.backbone.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * User audio that arrived before its session's OPEN. OPEN travels on the control stream and audio
 * on stream 0; the tunnel orders each stream, not the two together, so a lost OPEN datagram lets
 * audio overtake it. The tunnel has already acknowledged these frames (the edge will not send them
 * again), so they are held here, bounded, until the OPEN arrives or they expire. Rare by nature:
 * plain objects are fine. Sans IO; not thread-safe.
 */
final class EarlyUserFrames {
    /** One held frame. */
    record Frame(int seq, int mediaTs, byte[] opus) {}

    private static final class Held {
        final long firstNanos;
        final List<Frame> frames = new ArrayList<>();

        Held(long firstNanos) {
            this.firstNanos = firstNanos;
        }
    }

    private final int maxSessions;
    private final int maxFramesPerSession;
    private final long maxAgeNanos;
    private final Map<Long, Held> held = new HashMap<>();

    EarlyUserFrames(int maxSessions, int maxFramesPerSession, long maxAgeNanos) {
        this.maxSessions = maxSessions;
        this.maxFramesPerSession = maxFramesPerSession;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Holds a copy of the frame; false (nothing kept) when the bounds are reached. */
    boolean hold(long session, int seq, int mediaTs, byte[] b, int off, int len, long nowNanos) {
        Held h = held.get(session);
        if (h == null) {
            if (held.size() >= maxSessions) {
                return false;
            }
            h = new Held(nowNanos);
            held.put(session, h);
        }
        if (h.frames.size() >= maxFramesPerSession) {
            return false;
        }
        h.frames.add(new Frame(seq, mediaTs, java.util.Arrays.copyOfRange(b, off, off + len)));
        return true;
    }

    /** Removes and returns the session's held frames in arrival (= seq) order; empty when none. */
    List<Frame> take(long session) {
        Held h = held.remove(session);
        return h == null ? List.of() : h.frames;
    }

    /** Forgets sessions whose first held frame is older than the limit; returns the frames dropped. */
    int expire(long nowNanos) {
        int dropped = 0;
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (nowNanos - h.firstNanos > maxAgeNanos) {
                dropped += h.frames.size();
                it.remove();
            }
        }
        return dropped;
    }

    int sessions() {
        return held.size();
    }
}
