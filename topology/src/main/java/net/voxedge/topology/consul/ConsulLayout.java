package net.voxedge.topology.consul;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.voxedge.topology.registry.BackboneRtt;
import net.voxedge.topology.registry.ClientRtt;
import net.voxedge.topology.registry.LatencyBatch;
import net.voxedge.topology.registry.Load;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How voxedge's live state is laid out in Consul (documented in topology/README.md, "Live state"):
 * the service name, tags, metadata and check ids of members, and the KV keys and JSON of what they
 * publish. Encoding and decoding only; no IO. Decoding never throws: a value that does not parse
 * or breaks a rule decodes to empty.
 */
public final class ConsulLayout {

    /** Every member is an instance of this one service; its kind is a tag. */
    public static final String SERVICE = "voxedge";
    /** Every key voxedge writes starts with this. */
    public static final String KV_ROOT = "voxedge/";
    static final String MEMBERS = KV_ROOT + "members/";
    static final String LATENCY = KV_ROOT + "latency/";
    static final String SITE_TAG_PREFIX = "site-";

    private ConsulLayout() {
    }

    /** The member's TTL check id: Consul's own default name for a service's single check. */
    public static String checkId(String memberId) {
        return "service:" + memberId;
    }

    public static List<String> tags(Member m) {
        return List.of(m.kind().tag(), SITE_TAG_PREFIX + m.site());
    }

    /** The service metadata: the member's own entries plus kind, site and host. */
    public static Map<String, String> meta(Member m) {
        Map<String, String> meta = new LinkedHashMap<>(m.meta());
        meta.put("kind", m.kind().tag());
        meta.put("site", m.site());
        meta.put("host", m.host());
        return meta;
    }

    /** Rebuilds a member from its service instance; empty if the instance is not a valid voxedge member. */
    public static Optional<Member> member(String id, String address, int port, Map<String, String> serviceMeta) {
        if (serviceMeta == null) {
            return Optional.empty();
        }
        try {
            Optional<MemberKind> kind = MemberKind.fromTag(serviceMeta.get("kind"));
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> rest = new LinkedHashMap<>(serviceMeta);
            Member.RESERVED_META.forEach(rest::remove);
            return Optional.of(new Member(id, kind.get(), serviceMeta.get("site"), serviceMeta.get("host"), address, port, rest));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String loadKey(String memberId) {
        return MEMBERS + memberId + "/load";
    }

    public static String drainKey(String memberId) {
        return MEMBERS + memberId + "/drain";
    }

    /** Everything under this prefix belongs to one member (latency aside). */
    public static String memberPrefix(String memberId) {
        return MEMBERS + memberId + "/";
    }

    public static String latencyKey(String site, String memberId) {
        return LATENCY + site + "/" + memberId;
    }

    /** What a KV key is about. */
    public enum Field { LOAD, DRAIN, LATENCY }

    /** A KV key, understood: which member and which field. */
    public record KeyRef(String memberId, Field field) {
    }

    /** Parses a key under {@link #KV_ROOT}; empty for keys voxedge does not write. */
    public static Optional<KeyRef> parseKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.startsWith(MEMBERS)) {
            String rest = key.substring(MEMBERS.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            String id = rest.substring(0, slash);
            return switch (rest.substring(slash + 1)) {
                case "load" -> Optional.of(new KeyRef(id, Field.LOAD));
                case "drain" -> Optional.of(new KeyRef(id, Field.DRAIN));
                default -> Optional.empty();
            };
        }
        if (key.startsWith(LATENCY)) {
            String rest = key.substring(LATENCY.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
                return Optional.empty();
            }
            return Optional.of(new KeyRef(rest.substring(slash + 1), Field.LATENCY));
        }
        return Optional.empty();
    }

    /** A value with the time it was published. */
    public record Stamped<T>(T value, Instant at) {
    }

    // ------------------------------------------------------------------ load

    public static String encodeLoad(Load load, Instant at) {
        return new JsonObject()
                .put("sessions", load.activeSessions())
                .put("capacity", load.capacity())
                .put("cpu", load.cpu())
                .put("atMs", at.toEpochMilli())
                .encode();
    }

    public static Optional<Stamped<Load>> decodeLoad(String json) {
        try {
            JsonObject o = new JsonObject(json);
            return Optional.of(new Stamped<>(new Load(intField(o, "sessions"), intField(o, "capacity"), doubleField(o, "cpu")),
                    instant(o, "atMs")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ drain

    public static String encodeDrain(boolean draining, Instant at) {
        return new JsonObject().put("draining", draining).put("atMs", at.toEpochMilli()).encode();
    }

    public static Optional<Stamped<Boolean>> decodeDrain(String json) {
        try {
            JsonObject o = new JsonObject(json);
            Boolean d = o.getBoolean("draining");
            if (d == null) {
                return Optional.empty();
            }
            return Optional.of(new Stamped<>(d, instant(o, "atMs")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ latency

    public static String encodeLatency(LatencyBatch batch, Instant at) {
        JsonArray clients = new JsonArray();
        for (ClientRtt c : batch.clients()) {
            clients.add(new JsonObject()
                    .put("prefix", c.prefix())
                    .put("pop", c.pop())
                    .put("rttUs", c.rttMicros())
                    .put("n", c.samples())
                    .put("atMs", c.at().toEpochMilli()));
        }
        JsonArray backbone = new JsonArray();
        for (BackboneRtt b : batch.backbone()) {
            backbone.add(new JsonObject()
                    .put("pop", b.pop())
                    .put("cluster", b.cluster())
                    .put("rttUs", b.rttMicros())
                    .put("jitterUs", b.jitterMicros())
                    .put("loss", b.loss())
                    .put("atMs", b.at().toEpochMilli()));
        }
        return new JsonObject().put("atMs", at.toEpochMilli()).put("clients", clients).put("backbone", backbone).encode();
    }

    public static Optional<Stamped<LatencyBatch>> decodeLatency(String json) {
        try {
            JsonObject o = new JsonObject(json);
            JsonArray cs = o.getJsonArray("clients");
            JsonArray bs = o.getJsonArray("backbone");
            if (cs == null || bs == null || cs.size() > LatencyBatch.MAX_CLIENTS || bs.size() > LatencyBatch.MAX_BACKBONE) {
                return Optional.empty();
            }
            List<ClientRtt> clients = new ArrayList<>(cs.size());
            for (int i = 0; i < cs.size(); i++) {
                JsonObject c = cs.getJsonObject(i);
                clients.add(new ClientRtt(c.getString("prefix"), c.getString("pop"), longField(c, "rttUs"), intField(c, "n"), instant(c, "atMs")));
            }
            List<BackboneRtt> backbone = new ArrayList<>(bs.size());
            for (int i = 0; i < bs.size(); i++) {
                JsonObject b = bs.getJsonObject(i);
                backbone.add(new BackboneRtt(b.getString("pop"), b.getString("cluster"), longField(b, "rttUs"), longField(b, "jitterUs"),
                        doubleField(b, "loss"), instant(b, "atMs")));
            }
            return Optional.of(new Stamped<>(new LatencyBatch(clients, backbone), instant(o, "atMs")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int intField(JsonObject o, String name) {
        long v = longField(o, name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " out of range");
        }
        return (int) v;
    }

    private static long longField(JsonObject o, String name) {
        Object v = o.getValue(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return n.longValue();
    }

    private static double doubleField(JsonObject o, String name) {
        Object v = o.getValue(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return n.doubleValue();
    }

    private static Instant instant(JsonObject o, String name) {
        long ms = longField(o, name);
        if (ms < 0 || ms > 32503680000000L) { // year 3000: anything later is garbage
            throw new IllegalArgumentException(name + " out of range");
        }
        return Instant.ofEpochMilli(ms);
    }
}
