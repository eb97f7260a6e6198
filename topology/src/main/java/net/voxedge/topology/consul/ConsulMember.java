package net.voxedge.topology.consul;

import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.Member;

import java.time.Duration;

/**
 * What {@link ConsulRegistry} keeps about one member it registered: the latest of everything the
 * member published, and what Consul has confirmed, so that after an outage (or an agent that lost
 * its state) the member can be registered again and its values sent again. Used on one context only.
 */
final class ConsulMember {

    final Member member;
    final Duration ttl;
    final boolean autoHeartbeat;
    long timer = -1;

    /** Consul confirmed the registration and nothing since suggests it forgot it. */
    boolean registered;
    /** It was registered once: the next registration is a re-registration. */
    boolean everRegistered;
    /** A failure streak is going on (logged once, at its start). */
    boolean failing;

    Health reported = Health.PASSING;
    String note = "";

    String loadJson;
    String drainJson;
    String latencyJson;
    boolean loadDirty;
    boolean drainDirty;
    boolean latencyDirty;

    ConsulMember(Member member, Duration ttl, boolean autoHeartbeat) {
        this.member = member;
        this.ttl = ttl;
        this.autoHeartbeat = autoHeartbeat;
    }

    String id() {
        return member.id();
    }

    String checkId() {
        return ConsulLayout.checkId(member.id());
    }

    /** Every published value must be sent again (after a registration, Consul may have lost them). */
    void markAllDirty() {
        loadDirty = loadJson != null;
        drainDirty = drainJson != null;
        latencyDirty = latencyJson != null;
    }
}
