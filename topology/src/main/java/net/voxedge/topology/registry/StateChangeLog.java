package net.voxedge.topology.registry;

import org.slf4j.Logger;

import java.util.Map;

/**
 * Logs what a person following the network wants to see between two snapshots: members that
 * appeared or left, health changes (with the check's note) and drain changes. Load and latency
 * changes are not logged: they change all the time and are in the metrics.
 */
public final class StateChangeLog {

    private StateChangeLog() {
    }

    public static void log(Logger log, Map<String, MemberState> before, Map<String, MemberState> after) {
        for (MemberState now : after.values()) {
            MemberState was = before.get(now.id());
            Member m = now.member();
            if (was == null) {
                log.info("member {} ({} at {}, {}:{}) is in: {}{}", m.id(), m.kind().tag(), m.site(), m.address(), m.port(),
                        now.health(), now.draining() ? ", draining" : "");
                continue;
            }
            if (was.health() != now.health()) {
                log.info("member {} is now {} (was {}){}", m.id(), now.health(), was.health(),
                        now.healthNote().isEmpty() ? "" : ": " + now.healthNote());
            }
            if (was.draining() != now.draining()) {
                log.info("member {} {}", m.id(), now.draining() ? "is draining: no new sessions" : "stopped draining");
            }
        }
        for (MemberState was : before.values()) {
            if (!after.containsKey(was.id())) {
                log.info("member {} ({} at {}) left", was.id(), was.member().kind().tag(), was.member().site());
            }
        }
    }
}
