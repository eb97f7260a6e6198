package net.voxedge.topology.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * What a watcher knows about one member.
 *
 * @param member     what it registered
 * @param health     the worst of its checks (a lapsed TTL is {@link Health#CRITICAL})
 * @param healthNote the check output, e.g. {@code TTL expired} or the member's own note; may be empty
 * @param draining   true while it takes no new sessions (existing ones continue)
 * @param load       its last published load, if any
 * @param latency    its last published latency batch, if any
 * @param updatedAt  when it last published load, drain or latency (its registration time before that)
 */
public record MemberState(Member member, Health health, String healthNote, boolean draining,
                          Optional<Load> load, Optional<LatencyBatch> latency, Instant updatedAt) {

    public MemberState {
        healthNote = healthNote == null ? "" : healthNote;
        load = load == null ? Optional.empty() : load;
        latency = latency == null ? Optional.empty() : latency;
    }

    /** Whether a router may send it new sessions: not critical and not draining (a warning only lowers its rank). */
    public boolean acceptsSessions() {
        return health != Health.CRITICAL && !draining;
    }

    public String id() {
        return member.id();
    }
}
