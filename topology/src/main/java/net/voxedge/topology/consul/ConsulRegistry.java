package net.voxedge.topology.consul;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.CheckOptions;
import io.vertx.ext.consul.CheckStatus;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import io.vertx.ext.consul.ServiceEntry;
import io.vertx.ext.consul.ServiceEntryList;
import io.vertx.ext.consul.ServiceOptions;
import io.vertx.ext.consul.ServiceQueryOptions;
import net.voxedge.topology.registry.Health;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.LiveState;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberState;
import net.voxedge.topology.registry.RegistryMetrics;
import net.voxedge.topology.registry.StateChangeLog;
import net.voxedge.topology.registry.StateListeners;
import net.voxedge.topology.registry.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live registry across machines, through the local Consul agent's HTTP API (vertx-consul-client).
 *
 * <p>Member side: each member is an instance of service {@value ConsulLayout#SERVICE} with a TTL
 * check (and DeregisterCriticalServiceAfter); load, drain and latency are KV values (layout in
 * {@link ConsulLayout} and topology/README.md). A timer per member, every TTL/3, passes the check
 * (automatic heartbeat), re-registers the member when a pass failed (the agent may have lost it)
 * and re-sends any value Consul has not confirmed.
 *
 * <p>Watcher side: two blocking-query loops, one on the health of the service and one on the KV
 * prefix, rebuild the snapshot on every answer and tell listeners when it changed. When Consul
 * stops answering, the last-known snapshot is kept and marked stale (logged once at WARN, once at
 * INFO when Consul is back; {@code voxedge_registry_backend_up} and
 * {@code voxedge_registry_state_age_seconds} say so too), and the loops retry with backoff.
 */
public final class ConsulRegistry implements LiveRegistry {

    private static final Logger log = LoggerFactory.getLogger(ConsulRegistry.class);

    private final Vertx vertx;
    private final Context context;
    private final ConsulRegistryOptions options;
    private final String where;
    private final ConsulClient writes;
    private final ConsulClient watches;
    private final RegistryMetrics metrics;
    private final StateListeners listeners;
    private final LiveStateAssembler assembler = new LiveStateAssembler();
    private final Map<String, ConsulMember> members = new HashMap<>();
    private final Instant createdAt;

    private BlockingWatch<ServiceEntryList> healthWatch;
    private BlockingWatch<KeyValueList> kvWatch;
    private List<ServiceEntry> lastServices = List.of();
    private List<KeyValue> lastValues = List.of();
    private boolean servicesKnown;
    private boolean valuesKnown;
    private boolean healthLoopOk = true;
    private boolean kvLoopOk = true;
    private boolean up = true;
    private Instant lastConfirmed;
    private Instant staleSince;
    private List<String> lastRejected = List.of();
    private long version;
    private volatile LiveState state = LiveState.empty();
    private boolean closed;

    private ConsulRegistry(Vertx vertx, ConsulRegistryOptions options, MeterRegistry meters) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.where = options.host() + ":" + options.port();
        this.createdAt = options.clock().instant();
        this.writes = ConsulClient.create(vertx, new ConsulClientOptions().setHost(options.host()).setPort(options.port())
                .setTimeout(options.requestTimeout().toMillis()));
        // A blocking query legitimately takes up to wait + wait/16 (Consul's jitter): allow that and some.
        long watchTimeout = options.blockingWait().toMillis() + options.blockingWait().toMillis() / 16 + options.requestTimeout().toMillis();
        this.watches = ConsulClient.create(vertx, new ConsulClientOptions().setHost(options.host()).setPort(options.port())
                .setTimeout(watchTimeout));
        this.metrics = new RegistryMetrics(meters, "consul", options.clock());
        this.listeners = new StateListeners(context, () -> state, metrics);
    }

    /** Creates the registry and, if {@code options.watch()}, starts watching at once. */
    public static ConsulRegistry create(Vertx vertx, ConsulRegistryOptions options, MeterRegistry meters) {
        ConsulRegistry r = new ConsulRegistry(vertx, options, meters);
        r.context.runOnContext(v -> r.startWatching());
        return r;
    }

    // ================================================================== member side

    @Override
    public Future<Void> register(Member member, Duration ttl, boolean autoHeartbeat) {
        LiveRegistry.checkTtl(ttl);
        return onContext(() -> {
            if (closed) {
                return Future.failedFuture(new IllegalStateException("registry is closed"));
            }
            ConsulMember old = members.remove(member.id());
            ConsulMember m = new ConsulMember(member, ttl, autoHeartbeat);
            if (old != null) {
                vertx.cancelTimer(old.timer);
                // A new definition of the same member keeps what it published.
                m.loadJson = old.loadJson;
                m.drainJson = old.drainJson;
                m.latencyJson = old.latencyJson;
                m.everRegistered = old.everRegistered;
            }
            members.put(member.id(), m);
            m.timer = vertx.setPeriodic(Math.max(1, ttl.toMillis() / 3), id -> tick(m));
            return registerNow(m);
        });
    }

    @Override
    public Future<Void> heartbeat(String memberId) {
        return reportHealth(memberId, Health.PASSING, "");
    }

    @Override
    public Future<Void> reportHealth(String memberId, Health health, String note) {
        return withMember(memberId, m -> {
            m.reported = health;
            m.note = note == null ? "" : note;
            return m.registered ? sendHealth(m) : registerNow(m);
        });
    }

    @Override
    public Future<Void> publishLoad(String memberId, Load load) {
        return withMember(memberId, m -> {
            m.loadJson = ConsulLayout.encodeLoad(load, options.clock().instant());
            m.loadDirty = true;
            return m.registered ? flush(m) : registerNow(m);
        });
    }

    @Override
    public Future<Void> setDraining(String memberId, boolean draining) {
        return withMember(memberId, m -> {
            m.drainJson = ConsulLayout.encodeDrain(draining, options.clock().instant());
            m.drainDirty = true;
            log.info("member {}: {} (published to consul)", memberId, draining ? "draining starts" : "draining ends");
            return m.registered ? flush(m) : registerNow(m);
        });
    }

    @Override
    public Future<Void> publishLatency(String memberId, LatencyBatch batch) {
        return withMember(memberId, m -> {
            m.latencyJson = ConsulLayout.encodeLatency(batch, options.clock().instant());
            m.latencyDirty = true;
            return m.registered ? flush(m) : registerNow(m);
        });
    }

    @Override
    public Future<Void> deregister(String memberId) {
        return onContext(() -> {
            ConsulMember m = members.remove(memberId);
            if (m == null) {
                return Future.failedFuture(new IllegalStateException("member " + memberId + " is not registered here"));
            }
            vertx.cancelTimer(m.timer);
            // All three are tried whatever happens to the others: a key left behind is ignored by watchers,
            // a service left behind lapses to critical and Consul reaps it after DeregisterCriticalServiceAfter.
            Future<Void> service = writes.deregisterService(memberId).onFailure(e -> failed("deregister", m, e));
            Future<Void> keys = writes.deleteValues(ConsulLayout.memberPrefix(memberId)).onFailure(e -> failed("kv_delete", m, e));
            Future<Void> latency = writes.deleteValue(ConsulLayout.latencyKey(m.member.site(), memberId)).onFailure(e -> failed("kv_delete", m, e));
            return Future.join(service, keys, latency).<Void>mapEmpty()
                    .onSuccess(v -> log.info("deregistered {} {} from consul at {}", m.member.kind().tag(), memberId, where));
        });
    }

    private void tick(ConsulMember m) {
        if (closed || members.get(m.id()) != m) {
            return;
        }
        if (!m.registered) {
            registerNow(m);
            return;
        }
        if (m.autoHeartbeat) {
            sendHealth(m);
        }
        flush(m);
    }

    private Future<Void> registerNow(ConsulMember m) {
        Member member = m.member;
        CheckOptions check = new CheckOptions()
                .setId(m.checkId())
                .setName("voxedge " + member.kind().tag() + " TTL")
                .setTtl(GoDurations.format(m.ttl))
                .setDeregisterAfter(GoDurations.format(options.deregisterCriticalAfter()))
                .setStatus(status(m.reported));
        ServiceOptions service = new ServiceOptions()
                .setId(member.id())
                .setName(ConsulLayout.SERVICE)
                .setTags(ConsulLayout.tags(member))
                .setAddress(member.address())
                .setPort(member.port())
                .setMeta(ConsulLayout.meta(member))
                .setCheckOptions(check);
        return writes.registerService(service)
                .onFailure(e -> failed("register", m, e))
                .compose(v -> {
                    if (members.get(m.id()) != m) {
                        return Future.<Void>succeededFuture(); // deregistered or replaced meanwhile
                    }
                    m.registered = true;
                    log.info("{} {} {} with consul at {} (check {}, TTL {}, {} heartbeat)",
                            m.everRegistered ? "re-registered" : "registered", member.kind().tag(), member.id(), where,
                            m.checkId(), GoDurations.format(m.ttl), m.autoHeartbeat ? "automatic" : "caller's");
                    m.everRegistered = true;
                    confirmed(m);
                    m.markAllDirty();
                    Future<Void> health = m.note.isEmpty() ? Future.succeededFuture() : sendHealth(m);
                    return Future.join(health, flush(m)).mapEmpty();
                });
    }

    private Future<Void> sendHealth(ConsulMember m) {
        String note = m.note.isEmpty() ? null : m.note;
        Future<Void> f = switch (m.reported) {
            case PASSING -> writes.passCheckWithNote(m.checkId(), note);
            case WARNING -> writes.warnCheckWithNote(m.checkId(), note);
            case CRITICAL -> writes.failCheckWithNote(m.checkId(), note);
        };
        return f.onSuccess(v -> confirmed(m)).onFailure(e -> {
            // Unreachable, or the agent no longer knows the check: either way register again on the next tick.
            m.registered = false;
            failed("heartbeat", m, e);
        });
    }

    /** Sends every value Consul has not confirmed. */
    private Future<Void> flush(ConsulMember m) {
        List<Future<?>> sends = new ArrayList<>(3);
        if (m.loadDirty) {
            sends.add(put(m, ConsulLayout.loadKey(m.id()), m.loadJson, () -> m.loadJson, () -> m.loadDirty = false));
        }
        if (m.drainDirty) {
            sends.add(put(m, ConsulLayout.drainKey(m.id()), m.drainJson, () -> m.drainJson, () -> m.drainDirty = false));
        }
        if (m.latencyDirty) {
            sends.add(put(m, ConsulLayout.latencyKey(m.member.site(), m.id()), m.latencyJson, () -> m.latencyJson, () -> m.latencyDirty = false));
        }
        return Future.join(sends).mapEmpty();
    }

    private Future<Void> put(ConsulMember m, String key, String value, Supplier<String> latest, Runnable clean) {
        return writes.putValue(key, value).compose(ok -> {
            if (!ok) {
                return Future.failedFuture(new IllegalStateException("consul refused the write of " + key));
            }
            // Clean only if nothing newer was published while this write was on its way.
            if (value.equals(latest.get())) {
                clean.run();
            }
            confirmed(m);
            return Future.<Void>succeededFuture();
        }).onFailure(e -> failed("kv_put", m, e));
    }

    private void confirmed(ConsulMember m) {
        if (m.failing) {
            m.failing = false;
            log.info("member {}: consul at {} answers again", m.id(), where);
        }
        if (!options.watch()) {
            markUp();
        }
    }

    private void failed(String op, ConsulMember m, Throwable e) {
        metrics.error(op);
        if (!m.failing) {
            m.failing = true;
            log.warn("member {}: {} to consul at {} failed ({}); keeping its latest state and retrying every {}",
                    m.id(), op, where, e.getMessage(), GoDurations.format(m.ttl.dividedBy(3)));
        }
        if (!options.watch() && !answeredWithAnError(e)) {
            markDown(e);
        }
    }

    /**
     * An HTTP error status (e.g. 404 for a check the agent forgot) means Consul answered: it is
     * reachable. The Vert.x client reports those as a VertxException whose message starts with
     * "Status message:"; connection failures come as other exceptions.
     */
    private static boolean answeredWithAnError(Throwable e) {
        return e instanceof io.vertx.core.VertxException && e.getMessage() != null && e.getMessage().startsWith("Status message:");
    }

    // ================================================================== watcher side

    @Override
    public LiveState state() {
        return state;
    }

    @Override
    public Subscription subscribe(Consumer<LiveState> listener) {
        return listeners.add(listener);
    }

    private void startWatching() {
        if (!options.watch() || closed) {
            return;
        }
        String wait = options.waitParam();
        healthWatch = new BlockingWatch<>(vertx,
                index -> watches.healthServiceNodesWithOptions(ConsulLayout.SERVICE, false,
                        new ServiceQueryOptions().setBlockingOptions(new BlockingQueryOptions().setIndex(index).setWait(wait))),
                ServiceEntryList::getIndex,
                answer -> {
                    lastServices = answer.getList() == null ? List.of() : answer.getList();
                    servicesKnown = true;
                    healthLoopOk = true;
                    answered();
                },
                e -> {
                    healthLoopOk = false;
                    metrics.error("watch_health");
                    markDown(e);
                },
                new Backoff(options.retryMin(), options.retryMax()), options.emptyPrefixPoll().toMillis());
        kvWatch = new BlockingWatch<>(vertx,
                index -> watches.getValuesWithOptions(ConsulLayout.KV_ROOT, new BlockingQueryOptions().setIndex(index).setWait(wait)),
                KeyValueList::getIndex,
                answer -> {
                    lastValues = answer.getList() == null ? List.of() : answer.getList();
                    valuesKnown = true;
                    kvLoopOk = true;
                    answered();
                },
                e -> {
                    kvLoopOk = false;
                    metrics.error("watch_kv");
                    markDown(e);
                },
                new Backoff(options.retryMin(), options.retryMax()), options.emptyPrefixPoll().toMillis());
        log.info("watching consul at {}: service {} and KV {} (blocking queries, wait {})", where, ConsulLayout.SERVICE,
                ConsulLayout.KV_ROOT, wait);
        healthWatch.start();
        kvWatch.start();
    }

    private void answered() {
        if (healthLoopOk && kvLoopOk) {
            lastConfirmed = options.clock().instant();
            markUp();
        }
        rebuild();
    }

    private void markUp() {
        if (up) {
            return;
        }
        up = true;
        metrics.up();
        Instant since = staleSince;
        staleSince = null;
        log.info("consul at {} answers again: live state is current (it was stale for {} s)", where,
                since == null ? 0 : Duration.between(since, options.clock().instant()).toSeconds());
    }

    private void markDown(Throwable cause) {
        if (!up) {
            return;
        }
        up = false;
        staleSince = lastConfirmed != null ? lastConfirmed : createdAt;
        metrics.down(staleSince);
        if (options.watch()) {
            log.warn("consul unreachable at {} ({}): serving last-known state from {} and retrying", where, cause.getMessage(),
                    lastConfirmed != null ? lastConfirmed : "nowhere (nothing known yet)");
        } else {
            log.warn("consul unreachable at {} ({}): retrying", where, cause.getMessage());
        }
        rebuild();
    }

    /** Builds a new snapshot from the last answers; tells listeners if anything they see changed. */
    private void rebuild() {
        if (!options.watch()) {
            return;
        }
        Map<String, MemberState> newMembers;
        if (servicesKnown && valuesKnown) {
            LiveStateAssembler.Result r = assembler.assemble(lastServices, lastValues, options.clock().instant());
            if (!r.rejected().equals(lastRejected)) {
                for (String what : r.rejected()) {
                    if (!lastRejected.contains(what)) {
                        metrics.error("decode");
                        log.warn("ignoring {}: not a valid voxedge member or value (layout: topology/README.md, \"Live state\")", what);
                    }
                }
                lastRejected = r.rejected();
            }
            newMembers = r.members();
        } else if (!up) {
            newMembers = state.members(); // nothing newer to go on
        } else {
            return; // wait for both watches' first answers
        }
        LiveState old = state;
        boolean stale = !up;
        if (old.version() > 0 && old.members().equals(newMembers) && old.stale() == stale) {
            return;
        }
        state = new LiveState(++version, newMembers, stale, stale ? Optional.of(staleSince) : Optional.empty());
        StateChangeLog.log(log, old.members(), state.members());
        listeners.changed();
    }

    // ================================================================== plumbing

    @Override
    public Future<Void> close() {
        return onContext(() -> {
            closed = true;
            if (healthWatch != null) {
                healthWatch.stop();
                kvWatch.stop();
            }
            members.values().forEach(m -> vertx.cancelTimer(m.timer));
            members.clear();
            writes.close();
            watches.close();
            log.info("consul registry for {} closed", where);
            return Future.<Void>succeededFuture();
        });
    }

    /** Whether the last watch answers came in (false while serving last-known state). */
    public boolean backendUp() {
        return metrics.isUp();
    }

    private Future<Void> withMember(String memberId, java.util.function.Function<ConsulMember, Future<Void>> action) {
        return onContext(() -> {
            ConsulMember m = members.get(memberId);
            if (m == null) {
                return Future.failedFuture(new IllegalStateException("member " + memberId + " is not registered here"));
            }
            return action.apply(m);
        });
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.get().onComplete(p);
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    private static CheckStatus status(Health h) {
        return switch (h) {
            case PASSING -> CheckStatus.PASSING;
            case WARNING -> CheckStatus.WARNING;
            case CRITICAL -> CheckStatus.CRITICAL;
        };
    }
}
