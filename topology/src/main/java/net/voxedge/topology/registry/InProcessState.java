package net.voxedge.topology.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process registry's state and rules, without clocks or threads: every call takes the time
 * ({@code nowMillis}, epoch milliseconds) and says whether anything a watcher sees changed. TTL
 * checks behave as Consul's: a pass, warn or fail resets the deadline; a missed deadline turns the
 * member {@link Health#CRITICAL} with the note {@code TTL expired}. Not thread-safe.
 */
final class InProcessState {

    /** The note Consul puts on a TTL check that lapsed. */
    static final String TTL_EXPIRED = "TTL expired";

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Registers or replaces a member; its check starts passing. Always a change. */
    boolean register(Member member, long ttlMillis, long nowMillis) {
        Entry previous = entries.get(member.id());
        Entry e = new Entry(member, ttlMillis);
        e.health = Health.PASSING;
        e.deadline = nowMillis + ttlMillis;
        e.updatedAt = nowMillis;
        if (previous != null) {
            // Re-registration keeps what the member published, as Consul keeps the KV entries.
            e.draining = previous.draining;
            e.load = previous.load;
            e.latency = previous.latency;
        }
        entries.put(member.id(), e);
        return true;
    }

    boolean contains(String id) {
        return entries.containsKey(id);
    }

    /** Sets the check's status and note and resets its deadline; a change only if status or note differ. */
    boolean report(String id, Health health, String note, long nowMillis) {
        Entry e = entry(id);
        e.deadline = nowMillis + e.ttlMillis;
        String n = note == null ? "" : note;
        if (e.health == health && e.note.equals(n)) {
            return false;
        }
        e.health = health;
        e.note = n;
        return true;
    }

    boolean load(String id, Load load, long nowMillis) {
        Entry e = entry(id);
        e.updatedAt = nowMillis;
        e.load = load;
        return true;
    }

    boolean draining(String id, boolean draining, long nowMillis) {
        Entry e = entry(id);
        e.updatedAt = nowMillis;
        boolean changed = e.draining != draining;
        e.draining = draining;
        return changed;
    }

    boolean latency(String id, LatencyBatch batch, long nowMillis) {
        Entry e = entry(id);
        e.updatedAt = nowMillis;
        e.latency = batch;
        return true;
    }

    boolean deregister(String id) {
        return entries.remove(id) != null;
    }

    /** Turns every check whose deadline passed critical; true if any did. */
    boolean expire(long nowMillis) {
        boolean changed = false;
        for (Entry e : entries.values()) {
            if (nowMillis > e.deadline && !(e.health == Health.CRITICAL && e.note.equals(TTL_EXPIRED))) {
                e.health = Health.CRITICAL;
                e.note = TTL_EXPIRED;
                changed = true;
            }
        }
        return changed;
    }

    /** What watchers see now. */
    Map<String, MemberState> members() {
        Map<String, MemberState> out = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            out.put(e.member.id(), new MemberState(e.member, e.health, e.note, e.draining,
                    Optional.ofNullable(e.load), Optional.ofNullable(e.latency), Instant.ofEpochMilli(e.updatedAt)));
        }
        return out;
    }

    private Entry entry(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new IllegalStateException("member " + id + " is not registered");
        }
        return e;
    }

    private static final class Entry {
        final Member member;
        final long ttlMillis;
        Health health;
        String note = "";
        long deadline;
        long updatedAt;
        boolean draining;
        Load load;
        LatencyBatch latency;

        Entry(Member member, long ttlMillis) {
            this.member = member;
            this.ttlMillis = ttlMillis;
        }
    }
}
