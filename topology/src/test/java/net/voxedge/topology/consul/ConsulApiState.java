package net.voxedge.topology.consul;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The data behind {@link ConsulApiServer}: one agent node that is also the server of its
 * datacenter, with a KV store, services and TTL checks, and one raft-like index that grows with
 * every write. Index rules follow Consul's state store: a KV read answers the highest
 * ModifyIndex (or deletion index) among the keys it covers, falling back to the KV table's index;
 * a health or catalog read of one service answers that service name's index (bumped by every
 * register, deregister and check change of that name), falling back to the services table's.
 * Thread-safe (every method is synchronized); {@code onChange} runs after every write that moved
 * the index, so the server can wake its blocking queries.
 */
final class ConsulApiState {

    static final String NODE = "voxedge-consul-api-server";
    static final String DATACENTER = "dc1";
    static final String TTL_EXPIRED = "TTL expired";
    static final int MAX_VALUE_BYTES = 512 * 1024;

    private final LongSupplier nanoClock;
    private final Duration minimumDeregisterAfter;
    private final String nodeId = UUID.randomUUID().toString();
    private Runnable onChange = () -> { };

    private long index;
    private long kvTableIndex;
    private long servicesTableIndex;
    private final TreeMap<String, KvEntry> kv = new TreeMap<>();
    private final TreeMap<String, Long> tombstones = new TreeMap<>();
    private final LinkedHashMap<String, ServiceReg> services = new LinkedHashMap<>();
    private final LinkedHashMap<String, CheckState> checks = new LinkedHashMap<>();
    private final HashMap<String, Long> serviceNameIndex = new HashMap<>();

    ConsulApiState(LongSupplier nanoClock, Duration minimumDeregisterAfter) {
        this.nanoClock = nanoClock;
        this.minimumDeregisterAfter = minimumDeregisterAfter;
        reset();
    }

    synchronized void onChange(Runnable r) {
        this.onChange = r;
    }

    /** Forgets everything, as a restarted {@code -dev} agent does: the index starts over too. */
    synchronized void reset() {
        index = 0;
        kv.clear();
        tombstones.clear();
        services.clear();
        checks.clear();
        serviceNameIndex.clear();
        long idx = next();
        kvTableIndex = idx;
        servicesTableIndex = idx;
        // What a fresh dev agent holds: its own "consul" service and the node's serf health check.
        services.put("consul", new ServiceReg("consul", "consul", List.of(), "", 8300, Map.of(), idx, idx));
        serviceNameIndex.put("consul", idx);
        CheckState serf = new CheckState("serfHealth", "Serf Health Status", "", "", 0, 0, idx);
        serf.status = "passing";
        serf.output = "Agent alive and reachable";
        checks.put(serf.id, serf);
        changed();
    }

    /** An agent restoring its checks from disk gives every TTL a fresh deadline. */
    synchronized void restartTtlTimers() {
        long now = nanoClock.getAsLong();
        for (CheckState c : checks.values()) {
            c.deadlineNanos = now + c.ttlNanos;
        }
    }

    synchronized long index() {
        return index;
    }

    private long next() {
        return ++index;
    }

    private void changed() {
        Runnable r = onChange;
        r.run();
    }

    // ---------------------------------------------------------------- KV

    record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex, long lockIndex) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("LockIndex", lockIndex)
                    .put("Key", key)
                    .put("Flags", flags)
                    .put("Value", value.length == 0 ? null : Base64.getEncoder().encodeToString(value))
                    .put("CreateIndex", createIndex)
                    .put("ModifyIndex", modifyIndex);
        }
    }

    synchronized List<KvEntry> kvGet(String key, boolean recurse) {
        if (!recurse) {
            KvEntry e = kv.get(key);
            return e == null ? List.of() : List.of(e);
        }
        return new ArrayList<>(prefixed(kv, key).values());
    }

    /** The keys under {@code prefix}, cut after the first {@code separator} past the prefix (empty: no cut). */
    synchronized List<String> kvKeys(String prefix, String separator) {
        TreeSet<String> out = new TreeSet<>();
        for (String k : prefixed(kv, prefix).keySet()) {
            if (separator != null && !separator.isEmpty()) {
                int cut = k.indexOf(separator, prefix.length());
                out.add(cut < 0 ? k : k.substring(0, cut + separator.length()));
            } else {
                out.add(k);
            }
        }
        return new ArrayList<>(out);
    }

    synchronized long kvIndex(String key, boolean recurse) {
        long max = 0;
        if (recurse) {
            for (KvEntry e : prefixed(kv, key).values()) {
                max = Math.max(max, e.modifyIndex);
            }
            for (long t : prefixed(tombstones, key).values()) {
                max = Math.max(max, t);
            }
        } else {
            KvEntry e = kv.get(key);
            if (e != null) {
                max = e.modifyIndex;
            }
            Long t = tombstones.get(key);
            if (t != null) {
                max = Math.max(max, t);
            }
        }
        return Math.max(1, max == 0 ? kvTableIndex : max);
    }

    /** {@code cas}: negative for none; 0 writes only a new key; otherwise only if ModifyIndex matches. */
    synchronized boolean kvPut(String key, byte[] value, long flags, long cas) {
        KvEntry old = kv.get(key);
        if (cas == 0 && old != null) {
            return false;
        }
        if (cas > 0 && (old == null || old.modifyIndex != cas)) {
            return false;
        }
        long idx = next();
        kv.put(key, new KvEntry(key, value, flags, old == null ? idx : old.createIndex, idx, old == null ? 0 : old.lockIndex));
        tombstones.remove(key);
        kvTableIndex = idx;
        changed();
        return true;
    }

    synchronized boolean kvDelete(String key, boolean recurse, long cas) {
        if (recurse) {
            List<String> keys = new ArrayList<>(prefixed(kv, key).keySet());
            long idx = next();
            for (String k : keys) {
                kv.remove(k);
                tombstones.put(k, idx);
            }
            if (!keys.isEmpty()) {
                kvTableIndex = idx;
            }
            changed();
            return true;
        }
        KvEntry old = kv.get(key);
        // Unlike PUT, a delete with cas=0 never deletes (the documented rule).
        if (cas >= 0 && (cas == 0 || old == null || old.modifyIndex != cas)) {
            return false;
        }
        long idx = next();
        if (old != null) {
            kv.remove(key);
            tombstones.put(key, idx);
            kvTableIndex = idx;
        }
        changed();
        return true;
    }

    private static <V> NavigableMap<String, V> prefixed(TreeMap<String, V> map, String prefix) {
        if (prefix.isEmpty()) {
            return map;
        }
        // Every key starting with prefix sorts between prefix and prefix + the highest char.
        return map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    // ---------------------------------------------------------------- services and checks

    record ServiceReg(String id, String name, List<String> tags, String address, int port, Map<String, String> meta,
                      long createIndex, long modifyIndex) {
    }

    static final class CheckState {
        final String id;
        final String name;
        final String serviceId;
        final String serviceName;
        final long ttlNanos;
        final long deregisterAfterNanos;
        final long createIndex;
        long modifyIndex;
        String status = "critical";
        String output = "";
        String notes = "";
        long deadlineNanos;
        long criticalSinceNanos;

        CheckState(String id, String name, String serviceId, String serviceName, long ttlNanos, long deregisterAfterNanos, long createIndex) {
            this.id = id;
            this.name = name;
            this.serviceId = serviceId;
            this.serviceName = serviceName;
            this.ttlNanos = ttlNanos;
            this.deregisterAfterNanos = deregisterAfterNanos;
            this.createIndex = createIndex;
            this.modifyIndex = createIndex;
        }

        String type() {
            return ttlNanos > 0 ? "ttl" : "";
        }
    }

    /** What a service registration asks for, parsed and checked by the server. */
    record CheckDef(String id, String name, String notes, Duration ttl, Duration deregisterAfter, String status) {
    }

    synchronized void registerService(String id, String name, List<String> tags, String address, int port,
                                      Map<String, String> meta, List<CheckDef> defs, boolean replaceExistingChecks) {
        long idx = next();
        long now = nanoClock.getAsLong();
        ServiceReg old = services.get(id);
        services.put(id, new ServiceReg(id, name, List.copyOf(tags), address, port, Map.copyOf(meta), old == null ? idx : old.createIndex, idx));
        if (old != null && !old.name.equals(name)) {
            serviceNameIndex.put(old.name, idx);
        }
        if (replaceExistingChecks) {
            checks.values().removeIf(c -> c.serviceId.equals(id));
        }
        for (CheckDef def : defs) {
            CheckState previous = checks.get(def.id());
            long deregisterNanos = def.deregisterAfter() == null ? 0
                    : Math.max(def.deregisterAfter().toNanos(), minimumDeregisterAfter.toNanos());
            CheckState c = new CheckState(def.id(), def.name(), id, name, def.ttl().toNanos(), deregisterNanos,
                    previous == null ? idx : previous.createIndex);
            c.modifyIndex = idx;
            c.notes = def.notes() == null ? "" : def.notes();
            if (def.status() != null) {
                c.status = def.status();
            } else if (previous != null) {
                // Re-registering without an initial status keeps the check's current state.
                c.status = previous.status;
                c.output = previous.output;
            }
            c.deadlineNanos = now + c.ttlNanos;
            c.criticalSinceNanos = c.status.equals("critical") ? now : 0;
            checks.put(c.id, c);
        }
        serviceNameIndex.put(name, idx);
        servicesTableIndex = idx;
        changed();
    }

    synchronized boolean deregisterService(String id) {
        ServiceReg old = services.remove(id);
        if (old == null) {
            return false;
        }
        long idx = next();
        checks.values().removeIf(c -> c.serviceId.equals(id));
        serviceNameIndex.put(old.name, idx);
        servicesTableIndex = idx;
        changed();
        return true;
    }

    /** Outcome of a TTL update. */
    enum UpdateResult { OK, UNKNOWN, NOT_TTL }

    /** A TTL check's pass/warn/fail/update: resets its deadline; the index moves only if status or output changed. */
    synchronized UpdateResult updateCheck(String checkId, String status, String output) {
        CheckState c = checks.get(checkId);
        if (c == null) {
            return UpdateResult.UNKNOWN;
        }
        if (c.ttlNanos == 0) {
            return UpdateResult.NOT_TTL;
        }
        long now = nanoClock.getAsLong();
        c.deadlineNanos = now + c.ttlNanos;
        setStatus(c, status, output == null ? "" : output, now);
        return UpdateResult.OK;
    }

    /** Test control: sets any check's state, as if its probe had said so. */
    synchronized boolean forceCheck(String checkId, String status, String output) {
        CheckState c = checks.get(checkId);
        if (c == null) {
            return false;
        }
        setStatus(c, status, output, nanoClock.getAsLong());
        return true;
    }

    private void setStatus(CheckState c, String status, String output, long now) {
        if (c.status.equals(status) && c.output.equals(output)) {
            return;
        }
        if (status.equals("critical") && !c.status.equals("critical")) {
            c.criticalSinceNanos = now;
        } else if (!status.equals("critical")) {
            c.criticalSinceNanos = 0;
        }
        c.status = status;
        c.output = output;
        long idx = next();
        c.modifyIndex = idx;
        if (!c.serviceName.isEmpty()) {
            serviceNameIndex.put(c.serviceName, idx);
        }
        servicesTableIndex = idx;
        changed();
    }

    /** Lapses overdue TTL checks to critical and reaps services critical for longer than their DeregisterCriticalServiceAfter. */
    synchronized void tick() {
        long now = nanoClock.getAsLong();
        for (CheckState c : List.copyOf(checks.values())) {
            if (c.ttlNanos > 0 && now - c.deadlineNanos > 0) {
                setStatus(c, "critical", TTL_EXPIRED, now);
            }
        }
        for (CheckState c : List.copyOf(checks.values())) {
            if (c.deregisterAfterNanos > 0 && c.status.equals("critical") && now - c.criticalSinceNanos > c.deregisterAfterNanos) {
                deregisterService(c.serviceId);
            }
        }
    }

    synchronized long serviceIndex(String name) {
        return Math.max(1, serviceNameIndex.getOrDefault(name, servicesTableIndex));
    }

    synchronized long servicesTableIndex() {
        return Math.max(1, servicesTableIndex);
    }

    private JsonObject nodeJson() {
        return new JsonObject()
                .put("ID", nodeId)
                .put("Node", NODE)
                .put("Address", "127.0.0.1")
                .put("Datacenter", DATACENTER)
                .put("TaggedAddresses", new JsonObject().put("lan", "127.0.0.1").put("wan", "127.0.0.1"))
                .put("Meta", new JsonObject())
                .put("CreateIndex", 1)
                .put("ModifyIndex", 1);
    }

    private JsonObject checkJson(CheckState c) {
        ServiceReg s = services.get(c.serviceId);
        return new JsonObject()
                .put("Node", NODE)
                .put("CheckID", c.id)
                .put("Name", c.name)
                .put("Status", c.status)
                .put("Notes", c.notes)
                .put("Output", c.output)
                .put("ServiceID", c.serviceId)
                .put("ServiceName", c.serviceName)
                .put("ServiceTags", new JsonArray(s == null ? List.of() : s.tags))
                .put("Type", c.type())
                .put("CreateIndex", c.createIndex)
                .put("ModifyIndex", c.modifyIndex);
    }

    /** {@code GET /v1/health/service/:name}: Node, Service and Checks per instance (node checks included). */
    synchronized JsonArray healthService(String name, boolean passingOnly, String tag) {
        JsonArray out = new JsonArray();
        for (ServiceReg s : sortedInstances(name, tag)) {
            JsonArray cs = new JsonArray();
            boolean allPassing = true;
            for (CheckState c : checks.values()) {
                if (c.serviceId.isEmpty() || c.serviceId.equals(s.id)) {
                    cs.add(checkJson(c));
                    allPassing &= c.status.equals("passing");
                }
            }
            if (passingOnly && !allPassing) {
                continue;
            }
            out.add(new JsonObject()
                    .put("Node", nodeJson())
                    .put("Service", new JsonObject()
                            .put("ID", s.id)
                            .put("Service", s.name)
                            .put("Tags", new JsonArray(s.tags))
                            .put("Address", s.address)
                            .put("Meta", new JsonObject(new LinkedHashMap<>(s.meta)))
                            .put("Port", s.port)
                            .put("Weights", new JsonObject().put("Passing", 1).put("Warning", 1))
                            .put("EnableTagOverride", false)
                            .put("CreateIndex", s.createIndex)
                            .put("ModifyIndex", s.modifyIndex))
                    .put("Checks", cs));
        }
        return out;
    }

    /** {@code GET /v1/catalog/service/:name}: one flat object per instance. */
    synchronized JsonArray catalogService(String name, String tag) {
        JsonArray out = new JsonArray();
        for (ServiceReg s : sortedInstances(name, tag)) {
            out.add(new JsonObject()
                    .put("ID", nodeId)
                    .put("Node", NODE)
                    .put("Address", "127.0.0.1")
                    .put("Datacenter", DATACENTER)
                    .put("TaggedAddresses", new JsonObject().put("lan", "127.0.0.1").put("wan", "127.0.0.1"))
                    .put("NodeMeta", new JsonObject())
                    .put("ServiceID", s.id)
                    .put("ServiceName", s.name)
                    .put("ServiceTags", new JsonArray(s.tags))
                    .put("ServiceAddress", s.address)
                    .put("ServiceMeta", new JsonObject(new LinkedHashMap<>(s.meta)))
                    .put("ServicePort", s.port)
                    .put("ServiceWeights", new JsonObject().put("Passing", 1).put("Warning", 1))
                    .put("ServiceEnableTagOverride", false)
                    .put("CreateIndex", s.createIndex)
                    .put("ModifyIndex", s.modifyIndex));
        }
        return out;
    }

    /** {@code GET /v1/catalog/services}: each service name with the union of its instances' tags. */
    synchronized JsonObject catalogServices() {
        TreeMap<String, TreeSet<String>> byName = new TreeMap<>();
        for (ServiceReg s : services.values()) {
            byName.computeIfAbsent(s.name, n -> new TreeSet<>()).addAll(s.tags);
        }
        JsonObject out = new JsonObject();
        byName.forEach((n, tags) -> out.put(n, new JsonArray(new ArrayList<>(tags))));
        return out;
    }

    /** Test inspection: the status of one check, or null. */
    synchronized String checkStatus(String checkId) {
        CheckState c = checks.get(checkId);
        return c == null ? null : c.status;
    }

    synchronized boolean hasService(String id) {
        return services.containsKey(id);
    }

    private List<ServiceReg> sortedInstances(String name, String tag) {
        return services.values().stream()
                .filter(s -> s.name.equals(name) && (tag == null || s.tags.contains(tag)))
                .sorted((a, b) -> a.id.compareTo(b.id))
                .toList();
    }
}
