package net.voxedge.topology.consul;

import io.vertx.ext.consul.Check;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.ServiceEntry;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the members of a live-state snapshot from the last answers of the two watches: the
 * health of service {@value ConsulLayout#SERVICE} and the KV prefix {@value ConsulLayout#KV_ROOT}.
 * No IO; the time comes in. KV entries of members that are not registered are ignored (a member
 * that died keeps its keys until someone deletes them). A member's {@code updatedAt} is the newest
 * time stamped on what it published, or, before it published anything, the time this assembler
 * first saw it.
 */
final class LiveStateAssembler {

    /** What one assembly produced. */
    record Result(Map<String, MemberState> members, List<String> rejected) {
    }

    private final Map<String, Instant> firstSeen = new HashMap<>();

    Result assemble(List<ServiceEntry> services, List<KeyValue> values, Instant now) {
        List<String> rejected = new ArrayList<>();
        Map<String, ConsulLayout.Stamped<Load>> loads = new HashMap<>();
        Map<String, ConsulLayout.Stamped<Boolean>> drains = new HashMap<>();
        Map<String, ConsulLayout.Stamped<LatencyBatch>> latencies = new HashMap<>();
        for (KeyValue kv : values) {
            Optional<ConsulLayout.KeyRef> ref = ConsulLayout.parseKey(kv.getKey());
            if (ref.isEmpty()) {
                continue; // not ours (another tool's key under the root): not an error
            }
            String id = ref.get().memberId();
            String value = kv.getValue() == null ? "" : kv.getValue();
            boolean ok = switch (ref.get().field()) {
                case LOAD -> keep(ConsulLayout.decodeLoad(value), id, loads);
                case DRAIN -> keep(ConsulLayout.decodeDrain(value), id, drains);
                case LATENCY -> keep(ConsulLayout.decodeLatency(value), id, latencies);
            };
            if (!ok) {
                rejected.add("KV " + kv.getKey());
            }
        }

        Map<String, MemberState> members = new LinkedHashMap<>();
        Map<String, Instant> seen = new HashMap<>();
        for (ServiceEntry entry : services) {
            if (entry.getService() == null) {
                rejected.add("a health entry without a service");
                continue;
            }
            var s = entry.getService();
            Optional<Member> member = ConsulLayout.member(s.getId(), s.getAddress(), s.getPort(), s.getMeta());
            if (member.isEmpty()) {
                rejected.add("service instance " + s.getId());
                continue;
            }
            String id = member.get().id();
            List<Check> checks = entry.getChecks() == null ? List.of() : entry.getChecks();
            Health health = Health.PASSING;
            Check own = null;
            for (Check c : checks) {
                health = health.worst(statusOf(c));
                if (ConsulLayout.checkId(id).equals(c.getId())) {
                    own = c;
                }
            }
            String note;
            if (own == null) {
                // No TTL check (registered by something else, or mid-update): nobody vouches for it.
                health = Health.CRITICAL;
                note = "no check " + ConsulLayout.checkId(id);
            } else {
                // The note comes from the check that decided the health, the member's own first.
                Health worst = health;
                Check decisive = statusOf(own) == worst ? own
                        : checks.stream().filter(c -> statusOf(c) == worst).findFirst().orElse(own);
                note = decisive.getOutput() == null ? "" : decisive.getOutput();
            }
            Instant first = firstSeen.getOrDefault(id, now);
            seen.put(id, first);
            var load = loads.get(id);
            var drain = drains.get(id);
            var latency = latencies.get(id);
            Instant updated = null;
            for (var stamped : new ConsulLayout.Stamped<?>[] {load, drain, latency}) {
                if (stamped != null && (updated == null || stamped.at().isAfter(updated))) {
                    updated = stamped.at();
                }
            }
            if (updated == null) {
                updated = first;
            }
            members.put(id, new MemberState(member.get(), health, note, drain != null && drain.value(),
                    Optional.ofNullable(load).map(ConsulLayout.Stamped::value),
                    Optional.ofNullable(latency).map(ConsulLayout.Stamped::value), updated));
        }
        firstSeen.keySet().retainAll(seen.keySet());
        firstSeen.putAll(seen);
        return new Result(members, rejected);
    }

    private static <T> boolean keep(Optional<T> decoded, String id, Map<String, T> into) {
        decoded.ifPresent(v -> into.put(id, v));
        return decoded.isPresent();
    }

    private static Health statusOf(Check c) {
        if (c.getStatus() == null) {
            return Health.CRITICAL;
        }
        // Anything but passing and warning (e.g. maintenance) keeps sessions away.
        return Health.fromConsul(c.getStatus().key).orElse(Health.CRITICAL);
    }
}
