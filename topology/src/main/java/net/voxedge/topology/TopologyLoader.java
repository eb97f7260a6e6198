package net.voxedge.topology;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and validates a topology file (HOCON; format in {@code topology/README.md}).
 * Either returns a complete, consistent {@link Topology} or throws a {@link TopologyException}
 * listing every problem as {@code file:line: field: message}; nothing else escapes.
 */
public final class TopologyLoader {

    /** Field names that would hold a secret itself: the file must only say where the secret is. */
    private static final Set<String> INLINE_SECRET_FIELDS =
            Set.of("secret", "value", "key", "password", "token", "psk", "hex", "base64");

    private TopologyLoader() {
    }

    /** Parses, resolves and validates the file at {@code file}. */
    public static Topology load(Path file) throws TopologyException {
        String name = file.toString();
        Problems problems = new Problems(name);
        ConfigObject root;
        try {
            if (!Files.isRegularFile(file)) {
                throw fail(name, 0, "", "no such file");
            }
            // Substitutions may not pull in environment variables: that is how a secret would sneak in.
            root = ConfigFactory.parseFile(file.toFile(),
                            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false))
                    .root();
        } catch (ConfigException e) {
            throw fail(problems, e.origin(), e);
        } catch (RuntimeException | StackOverflowError e) {
            // The library should only throw ConfigException; a caller must never see anything else.
            throw new TopologyException(List.of(new TopologyException.Problem(name, 0, "", "cannot parse: " + e)), e);
        }
        Topology topology;
        try {
            topology = new Reader(problems).read(new Fields(root, "", problems));
        } catch (ConfigException e) {
            throw fail(problems, e.origin(), e);
        }
        if (!problems.isEmpty()) {
            throw new TopologyException(problems.list(), null);
        }
        return topology;
    }

    private static TopologyException fail(String file, int line, String field, String message) {
        return new TopologyException(List.of(new TopologyException.Problem(file, line, field, message)), null);
    }

    private static TopologyException fail(Problems problems, ConfigOrigin origin, ConfigException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The library prefixes its own "file: line: "; ours comes from the origin instead.
        if (origin != null && message.startsWith(origin.description() + ": ")) {
            message = message.substring(origin.description().length() + 2);
        }
        return new TopologyException(List.of(new TopologyException.Problem(
                problems.fileOf(origin), Problems.lineOf(origin), "", "syntax: " + message)), e);
    }

    /** One validation pass over a parsed file. */
    private static final class Reader {

        private final Problems problems;
        /** PoP names and cluster ids share one namespace: links name either. */
        private final Map<String, String> nodes = new HashMap<>();

        Reader(Problems problems) {
            this.problems = problems;
        }

        Topology read(Fields root) {
            root.rejectUnknown(Set.of("regions", "pops", "clusters", "links", "anycast", "keys"));
            List<Region> regions = regions(root);
            Set<String> regionIds = new HashSet<>();
            regions.forEach(r -> regionIds.add(r.id()));
            List<Pop> pops = pops(root, regionIds);
            List<Cluster> clusters = clusters(root);
            List<BackboneLink> links = links(root);
            List<AnycastAddress> anycast = anycast(root, pops);
            List<KeyRef> keys = keys(root);
            return new Topology(regions, pops, clusters, links, anycast, keys);
        }

        private List<Region> regions(Fields root) {
            List<Region> out = new ArrayList<>();
            Unique ids = new Unique("region id");
            for (Fields f : nonEmpty(root, "regions")) {
                f.rejectUnknown(Set.of("id", "name"));
                String id = f.name("id");
                ids.check(id, f, "id");
                out.add(new Region(id, f.string("name")));
            }
            return out;
        }

        private List<Pop> pops(Fields root, Set<String> regionIds) {
            List<Pop> out = new ArrayList<>();
            Unique ids = new Unique("PoP id");
            Unique hostNames = new Unique("host name");
            Unique media = new Unique("media address");
            for (Fields f : nonEmpty(root, "pops")) {
                f.rejectUnknown(Set.of("id", "name", "region", "city", "lat", "lon", "media", "signaling-url",
                        "capacity", "hosts"));
                int id = (int) f.integer("id", 0, 65535);
                ids.check(Integer.toString(id), f, "id");
                String name = f.name("name");
                node(name, f, "name");
                String region = f.name("region");
                if (!region.isEmpty() && !regionIds.contains(region)) {
                    problems.add(f.value("region").origin(), f.field("region"), "no region with id \"" + region + "\"");
                }
                String city = f.string("city");
                double lat = f.decimal("lat", -90, 90);
                double lon = f.decimal("lon", -180, 180);
                List<InetSocketAddress> addresses = f.socketAddresses("media");
                for (InetSocketAddress a : addresses) {
                    media.check(a.toString(), f, "media");
                }
                URI url = httpsUrl(f, "signaling-url");
                int capacity = (int) f.integer("capacity", 1, 10_000_000);
                List<Host> hosts = hosts(f, hostNames);
                out.add(new Pop(id, name, region, city, lat, lon, addresses, url, capacity, hosts));
            }
            return out;
        }

        private List<Host> hosts(Fields pop, Unique hostNames) {
            List<Host> out = new ArrayList<>();
            Unique ids = new Unique("host id in this PoP");
            for (Fields f : nonEmpty(pop, "hosts")) {
                f.rejectUnknown(Set.of("id", "name", "bind"));
                int id = (int) f.integer("id", 0, 255);
                ids.check(Integer.toString(id), f, "id");
                String name = f.name("name");
                hostNames.check(name, f, "name");
                InetSocketAddress bind = f.socketAddress("bind");
                out.add(new Host(id, name, bind));
            }
            return out;
        }

        private List<Cluster> clusters(Fields root) {
            List<Cluster> out = new ArrayList<>();
            for (Fields f : nonEmpty(root, "clusters")) {
                f.rejectUnknown(Set.of("id", "name", "city", "lat", "lon", "gateways"));
                String id = f.name("id");
                node(id, f, "id");
                String name = f.string("name");
                String city = f.string("city");
                double lat = f.decimal("lat", -90, 90);
                double lon = f.decimal("lon", -180, 180);
                out.add(new Cluster(id, name, city, lat, lon, f.socketAddresses("gateways")));
            }
            return out;
        }

        private List<BackboneLink> links(Fields root) {
            List<BackboneLink> out = new ArrayList<>();
            Unique pairs = new Unique("link");
            for (Fields f : root.objects("links", false)) {
                f.rejectUnknown(Set.of("from", "to", "one-way-ms"));
                String from = f.name("from");
                String to = f.name("to");
                endExists(from, f, "from");
                endExists(to, f, "to");
                if (!from.isEmpty() && from.equals(to)) {
                    problems.add(f.value("to").origin(), f.field("to"), "a link must join two different nodes (got \"" + to + "\" twice)");
                }
                // A link is a path, not a direction: a→b and b→a are the same link.
                String pair = from.compareTo(to) < 0 ? from + " - " + to : to + " - " + from;
                pairs.check(pair, f, "to");
                out.add(new BackboneLink(from, to, f.decimal("one-way-ms", 0.001, 1000)));
            }
            return out;
        }

        private List<AnycastAddress> anycast(Fields root, List<Pop> pops) {
            Set<String> popNames = new HashSet<>();
            pops.forEach(p -> popNames.add(p.name()));
            List<AnycastAddress> out = new ArrayList<>();
            Unique addresses = new Unique("anycast address");
            for (Fields f : root.objects("anycast", false)) {
                f.rejectUnknown(Set.of("address", "pops"));
                InetAddress address = f.ip("address");
                if (address != null) {
                    addresses.check(address.getHostAddress(), f, "address");
                }
                List<String> announcers = new ArrayList<>();
                for (Fields.StringAt p : f.strings("pops", true)) {
                    if (!popNames.contains(p.value())) {
                        problems.add(p.origin(), p.path(), "no PoP named \"" + p.value() + "\"");
                    }
                    announcers.add(p.value());
                }
                out.add(new AnycastAddress(address, announcers));
            }
            return out;
        }

        private List<KeyRef> keys(Fields root) {
            List<KeyRef> out = new ArrayList<>();
            Unique names = new Unique("key name");
            for (Fields f : root.objects("keys", false)) {
                boolean inline = false;
                for (String field : INLINE_SECRET_FIELDS) {
                    if (f.has(field)) {
                        inline = true;
                        problems.add(f.value(field).origin(), f.field(field),
                                "inline secrets are not allowed: use file = \"/path\" or env = \"VAR\" to say where the key is");
                    }
                }
                Set<String> allowed = new HashSet<>(Set.of("name", "file", "env"));
                allowed.addAll(INLINE_SECRET_FIELDS); // already reported above, with the better message
                f.rejectUnknown(allowed);
                String name = f.name("name");
                names.check(name, f, "name");
                boolean file = f.has("file");
                boolean env = f.has("env");
                if (file == env && !(inline && !file)) {
                    problems.add(f.origin(), f.path(), "a key names exactly one of file or env (got " + (file ? "both" : "neither") + ")");
                    continue;
                }
                if (file == env) {
                    continue;
                }
                if (file) {
                    out.add(new KeyRef(name, KeyRef.Source.FILE, f.string("file")));
                } else {
                    String variable = f.string("env");
                    if (!variable.isEmpty() && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        problems.add(f.value("env").origin(), f.field("env"), "must be an environment variable name (got \"" + variable + "\")");
                    }
                    out.add(new KeyRef(name, KeyRef.Source.ENV, variable));
                }
            }
            return out;
        }

        private List<Fields> nonEmpty(Fields parent, String key) {
            List<Fields> items = parent.objects(key, true);
            if (items.isEmpty() && parent.has(key) && parent.value(key) instanceof List<?> list && list.isEmpty()) {
                problems.add(parent.value(key).origin(), parent.field(key), "must not be empty");
            }
            return items;
        }

        private URI httpsUrl(Fields f, String key) {
            String s = f.string(key);
            if (s.isEmpty()) {
                return null;
            }
            try {
                URI uri = new URI(s);
                if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, with the same message as any other non-https value
            }
            problems.add(f.value(key).origin(), f.field(key), "must be an https:// URL with a host (got \"" + s + "\")");
            return null;
        }

        private void node(String name, Fields f, String field) {
            if (name.isEmpty()) {
                return;
            }
            String previous = nodes.putIfAbsent(name, f.field(field));
            if (previous != null) {
                problems.add(f.value(field).origin(), f.field(field), "\"" + name + "\" is already used by " + previous
                        + " (PoP names and cluster ids must all differ)");
            }
        }

        private void endExists(String name, Fields f, String field) {
            if (!name.isEmpty() && !nodes.containsKey(name)) {
                problems.add(f.value(field).origin(), f.field(field), "no PoP or cluster named \"" + name + "\"");
            }
        }

        /** Reports the second and later uses of a value that must be unique, naming the first. */
        private final class Unique {
            private final String what;
            private final Map<String, String> seen = new HashMap<>();

            Unique(String what) {
                this.what = what;
            }

            void check(String value, Fields f, String field) {
                if (value.isEmpty()) {
                    return;
                }
                String previous = seen.putIfAbsent(value, f.field(field));
                if (previous != null) {
                    ConfigOrigin at = f.has(field) ? f.value(field).origin() : f.origin();
                    problems.add(at, f.field(field), "duplicate " + what + " " + value + " (first at " + previous + ")");
                }
            }
        }
    }
}
