package net.voxedge.topology.registry;

import java.util.Locale;
import java.util.Optional;

/** What a registered member is: its role decides who looks for it (routers look for edges and gateways). */
public enum MemberKind {
    /** An edge daemon in a PoP: terminates WebRTC. */
    EDGE,
    /** A cluster gateway: the backbone end at an inference cluster. */
    GATEWAY,
    /** A geo-router instance. */
    ROUTER;

    /** The lower-case name used in Consul tags and metadata ({@code edge}, {@code gateway}, {@code router}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose {@link #tag()} is {@code tag}, if any. */
    public static Optional<MemberKind> fromTag(String tag) {
        for (MemberKind k : values()) {
            if (k.tag().equals(tag)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
