package net.voxedge.backbone.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.IntSupplier;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway visible in the live registry: registers it as a {@code GATEWAY} member and
 * publishes its load (active sessions against its capacity) every second, so routers can pick a
 * cluster with room. The registry retries on its own; failures are logged, never thrown.
 */
public final class GatewayRegistration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayRegistration.class);
    private static final Duration TTL = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final LiveRegistry registry;
    private final Member member;
    private final long timer;

    /** Registers {@code member} and starts publishing {@code activeSessions} against {@code capacity}. */
    public GatewayRegistration(Vertx vertx, LiveRegistry registry, Member member, IntSupplier activeSessions, int capacity) {
        this.vertx = vertx;
        this.registry = registry;
        this.member = member;
        registry.register(member, TTL, true)
                .onSuccess(v -> log.info("registered as {} ({} {})", member.id(), member.kind().tag(), member.site()))
                .onFailure(e -> log.warn("registering {} failed, the registry retries: {}", member.id(), e.toString()));
        this.timer = vertx.setPeriodic(1000, id -> {
            Load load = new Load(Math.max(0, activeSessions.getAsInt()), capacity, 0.0);
            registry.publishLoad(member.id(), load)
                    .onFailure(e -> log.debug("publishing load of {} failed: {}", member.id(), e.toString()));
        });
    }

    /** The registered member. */
    public Member member() {
        return member;
    }

    /** Stops publishing and deregisters (waits up to 5 s). */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
        try {
            registry.deregister(member.id()).await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("deregistering {} failed: {}", member.id(), e.toString());
        }
    }
}
