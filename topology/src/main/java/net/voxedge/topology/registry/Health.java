package net.voxedge.topology.registry;

import java.util.Locale;
import java.util.Optional;

/** A member's health, as Consul check states name it. */
public enum Health {
    /** Fully usable. */
    PASSING,
    /** Usable but degraded: a router may still send sessions, preferring others. */
    WARNING,
    /** Not usable: no new sessions go there (also what a lapsed TTL turns into). */
    CRITICAL;

    /** The Consul check status string ({@code passing}, {@code warning}, {@code critical}). */
    public String consulName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of two states: one failing check makes the member fail. */
    public Health worst(Health other) {
        return ordinal() >= other.ordinal() ? this : other;
    }

    /** Parses a Consul status; anything unknown (e.g. {@code maintenance}) is empty. */
    public static Optional<Health> fromConsul(String status) {
        if (status == null) {
            return Optional.empty();
        }
        return switch (status) {
            case "passing" -> Optional.of(PASSING);
            case "warning" -> Optional.of(WARNING);
            case "critical" -> Optional.of(CRITICAL);
            default -> Optional.empty();
        };
    }
}
