package net.voxedge.topology.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An immutable snapshot of the network's live state: who is registered, their health, drain state,
 * load and latency samples. Watchers get a new snapshot on every change.
 *
 * @param version    increases with every new snapshot a registry hands out (per registry instance)
 * @param members    by member id
 * @param stale      true when the backend cannot be reached and this is the last state known
 * @param staleSince when the backend was last heard from, while {@code stale}; empty otherwise
 */
public record LiveState(long version, Map<String, MemberState> members, boolean stale, Optional<Instant> staleSince) {

    public LiveState {
        members = Collections.unmodifiableMap(new TreeMap<>(members));
        staleSince = staleSince == null ? Optional.empty() : staleSince;
        if (stale != staleSince.isPresent()) {
            throw new IllegalArgumentException("staleSince must be present exactly when the state is stale");
        }
    }

    /** The state before anything is known. */
    public static LiveState empty() {
        return new LiveState(0, Map.of(), false, Optional.empty());
    }

    public Optional<MemberState> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    /** Members of one kind, ordered by id. */
    public List<MemberState> members(MemberKind kind) {
        return members.values().stream().filter(m -> m.member().kind() == kind).toList();
    }

    /** Members of one kind at one site (PoP name or cluster id) that may take new sessions. */
    public List<MemberState> accepting(MemberKind kind, String site) {
        return members.values().stream()
                .filter(m -> m.member().kind() == kind && m.member().site().equals(site) && m.acceptsSessions())
                .toList();
    }

    /** Every client-prefix RTT sample published by any member. */
    public Stream<ClientRtt> clientRtts() {
        return members.values().stream().flatMap(m -> m.latency().stream()).flatMap(b -> b.clients().stream());
    }

    /** Every backbone RTT sample published by any member. */
    public Stream<BackboneRtt> backboneRtts() {
        return members.values().stream().flatMap(m -> m.latency().stream()).flatMap(b -> b.backbone().stream());
    }

    /** The same members with a new version and staleness. */
    public LiveState with(long newVersion, boolean newStale, Optional<Instant> newStaleSince) {
        return new LiveState(newVersion, members, newStale, newStaleSince);
    }
}
