package net.voxedge.edge.backbone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.HostPort;

/**
 * The {@code backbone.*} settings of an edge daemon: where its tunnel socket binds, the clusters it
 * sends sessions to (in failover order), the tunnel keys (by reference only: a file or an
 * environment variable, never the secret in the config), and the uplink journal. Documented in
 * {@code edge-daemon/README.md} ("Backbone").
 *
 * @param enabled whether {@code media.handler=backbone} (otherwise the other fields are defaults)
 * @param bind the UDP address of the edge's tunnel endpoint
 * @param clusters the clusters, first choice first
 * @param linkKeys key id → secret, resolved from the references at load time
 * @param linkKeyRefs key id → where the secret was read from (for logs; never the secret)
 * @param currentKeyId the key id new datagrams are sealed with
 * @param journalDir the uplink journal's directory; null means "make a fresh one under the temp dir" (dev only)
 * @param journalRetention how long fully acknowledged journal files are kept
 */
public record BackboneSettings(
        boolean enabled,
        HostPort bind,
        List<Cluster> clusters,
        Map<Integer, byte[]> linkKeys,
        Map<Integer, String> linkKeyRefs,
        int currentKeyId,
        Path journalDir,
        Duration journalRetention) {

    /** Same character set as the journal's cluster numbering accepts. */
    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MIN_SECRET_BYTES = 16;

    /**
     * One inference cluster the edge can send sessions to.
     *
     * @param id the cluster's id (the topology's name; labels metrics, journal records and logs)
     * @param address the gateway's tunnel address
     * @param linkId the tunnel link id, the same at the gateway; unique per edge host and cluster
     */
    public record Cluster(String id, HostPort address, int linkId) {
        @Override
        public String toString() {
            return id + "@" + address + "/" + Integer.toUnsignedString(linkId);
        }
    }

    /**
     * Reads every {@code backbone.*} key (so none counts as unknown), and checks them when
     * {@code enabled}.
     *
     * @param env environment lookup for {@code env:} key references (System::getenv in the daemon)
     */
    public static BackboneSettings load(ConfigSource src, boolean enabled, boolean dev, int popId, int hostId,
            UnaryOperator<String> env) {
        String bindText = src.string("backbone.bind", dev ? "127.0.0.1:0" : "0.0.0.0:0");
        List<String> clusterEntries = src.list("backbone.clusters", null);
        List<String> keyEntries = src.list("backbone.linkKeys", null);
        String currentText = src.string("backbone.currentKeyId", null);
        String journalText = src.string("backbone.journal.dir", null);
        int retentionMinutes = src.integer("backbone.journal.retentionMinutes", 60, 0, 7 * 24 * 60);
        if (!enabled) {
            return new BackboneSettings(false, null, List.of(), Map.of(), Map.of(), 0, null,
                    Duration.ofMinutes(retentionMinutes));
        }
        HostPort bind = parseHostPort(src, "backbone.bind", bindText);

        if (clusterEntries.isEmpty()) {
            throw new ConfigException("backbone.clusters is required with media.handler=backbone: an ordered list of "
                    + "clusterId@ip:port[/linkId] (the first is the first choice, the others are failover targets)");
        }
        List<Cluster> clusters = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<Integer> linkIds = new HashSet<>();
        for (int i = 0; i < clusterEntries.size(); i++) {
            Cluster c = parseCluster(src, clusterEntries.get(i), i + 1, popId, hostId);
            if (!ids.add(c.id())) {
                throw src.bad("backbone.clusters", "lists cluster '" + c.id() + "' twice");
            }
            if (!linkIds.add(c.linkId())) {
                throw src.bad("backbone.clusters", "gives link id " + Integer.toUnsignedString(c.linkId())
                        + " to two clusters (each link needs its own id: it is part of the key derivation)");
            }
            clusters.add(c);
        }

        if (keyEntries.isEmpty()) {
            throw new ConfigException("backbone.linkKeys is required with media.handler=backbone: keyId:file:PATH or "
                    + "keyId:env:VARIABLE, each naming a hex secret of at least " + MIN_SECRET_BYTES + " bytes");
        }
        Map<Integer, byte[]> keys = new LinkedHashMap<>();
        Map<Integer, String> refs = new LinkedHashMap<>();
        for (String entry : keyEntries) {
            int first = entry.indexOf(':');
            int second = first < 0 ? -1 : entry.indexOf(':', first + 1);
            if (first < 0 || second < 0) {
                throw badKeys(src, "entry '" + redact(entry) + "' is not keyId:file:PATH or "
                        + "keyId:env:VARIABLE (secrets are never written into the config itself)");
            }
            int id;
            try {
                id = Integer.parseInt(entry.substring(0, first));
            } catch (NumberFormatException e) {
                throw badKeys(src, "key id '" + entry.substring(0, first) + "' is not a number");
            }
            if (id < 0 || id > 255) {
                throw badKeys(src, "key id " + id + " is outside 0..255");
            }
            if (keys.containsKey(id)) {
                throw badKeys(src, "lists key id " + id + " twice");
            }
            String kind = entry.substring(first + 1, second);
            String where = entry.substring(second + 1);
            String text;
            String ref = kind + ":" + where;
            switch (kind) {
                case "file" -> {
                    try {
                        text = Files.readString(Path.of(where), StandardCharsets.UTF_8);
                    } catch (IOException | RuntimeException e) {
                        throw new ConfigException("backbone.linkKeys: key " + id + " file " + where + " cannot be read ("
                                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                    }
                }
                case "env" -> {
                    text = env.apply(where);
                    if (text == null) {
                        throw new ConfigException("backbone.linkKeys: key " + id + " names environment variable "
                                + where + ", which is not set");
                    }
                }
                default -> throw badKeys(src, "key " + id + ": '" + kind + "' is neither file nor env");
            }
            byte[] secret;
            try {
                secret = HexFormat.of().parseHex(text.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("backbone.linkKeys: key " + id + " (" + ref + ") is not a hex string");
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new ConfigException("backbone.linkKeys: key " + id + " (" + ref + ") has " + secret.length
                        + " bytes; at least " + MIN_SECRET_BYTES + " (" + 2 * MIN_SECRET_BYTES + " hex digits) are needed");
            }
            keys.put(id, secret);
            refs.put(id, ref);
        }
        if (keys.size() > 4) {
            throw badKeys(src, "lists " + keys.size() + " keys; a link holds at most 4 at a time");
        }
        int current;
        if (currentText == null) {
            current = keys.keySet().iterator().next();
        } else {
            current = src.integer("backbone.currentKeyId", 0, 0, 255);
            if (!keys.containsKey(current)) {
                throw src.bad("backbone.currentKeyId", "is not one of the key ids in backbone.linkKeys " + keys.keySet());
            }
        }

        Path journal = null;
        if (journalText != null && !journalText.isBlank()) {
            journal = Path.of(journalText);
        } else if (!dev) {
            throw new ConfigException("backbone.journal.dir is required outside dev mode: the directory of the uplink "
                    + "journal (user audio and session records wait there until their cluster acknowledges them; "
                    + "keep it on a local disk that survives a restart)");
        }
        return new BackboneSettings(true, bind, List.copyOf(clusters), Map.copyOf(keys), Map.copyOf(refs), current,
                journal, Duration.ofMinutes(retentionMinutes));
    }

    private static Cluster parseCluster(ConfigSource src, String entry, int position, int popId, int hostId) {
        int at = entry.indexOf('@');
        if (at <= 0) {
            throw src.bad("backbone.clusters", "entry '" + entry + "' is not clusterId@ip:port[/linkId]");
        }
        String id = entry.substring(0, at);
        if (!CLUSTER_ID.matcher(id).matches()) {
            throw src.bad("backbone.clusters", "cluster id '" + id + "' may only hold letters, digits and . _ : -");
        }
        String rest = entry.substring(at + 1);
        int linkId = (popId & 0xFFFF) << 16 | (hostId & 0xFF) << 8 | (position & 0xFF);
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            try {
                long l = Long.parseLong(rest.substring(slash + 1));
                if (l < 0 || l > 0xFFFFFFFFL) {
                    throw new NumberFormatException();
                }
                linkId = (int) l;
            } catch (NumberFormatException e) {
                throw src.bad("backbone.clusters", "link id '" + rest.substring(slash + 1) + "' of cluster " + id
                        + " is not a number in 0..4294967295");
            }
            rest = rest.substring(0, slash);
        }
        HostPort address = parseHostPort(src, "backbone.clusters", rest);
        if (address.port() == 0 || address.address().isAnyLocalAddress()) {
            throw src.bad("backbone.clusters", "cluster " + id + " needs a concrete gateway address, not " + address);
        }
        return new Cluster(id, address, linkId);
    }

    /** Like {@code src.bad} but never echoes the value: a pasted secret must not reach the logs. */
    private static ConfigException badKeys(ConfigSource src, String problem) {
        return new ConfigException("backbone.linkKeys (" + src.origin("backbone.linkKeys") + ") " + problem);
    }

    private static HostPort parseHostPort(ConfigSource src, String key, String text) {
        try {
            return HostPort.parse(text, key);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (" + src.origin(key) + ")");
        }
    }

    /** An entry that was meant as a reference but may hold a pasted secret: show only its shape. */
    private static String redact(String entry) {
        return entry.length() <= 8 ? entry : entry.substring(0, 4) + "…";
    }
}
