package net.voxedge.edge.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raw key/value settings with provenance: each value remembers whether it came from a file (and
 * which) or the command line, so an error can say exactly where the bad value was written.
 */
public final class ConfigSource {
    private static final Set<String> SECRET_KEYS = Set.of("routing.keys", "auth.key", "internal.key");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();

    public static ConfigSource empty() {
        return new ConfigSource();
    }

    /** Loads a Java properties file; keys later given on the command line override it. */
    public ConfigSource withFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (String k : p.stringPropertyNames()) {
            put(k, p.getProperty(k).trim(), "config file " + file);
        }
        return this;
    }

    public ConfigSource with(String key, String value, String origin) {
        put(key, value, origin);
        return this;
    }

    private void put(String key, String value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    /** Parses {@code --key=value} arguments; bare {@code --flag} means {@code flag=true}. */
    public static List<String> applyArgs(ConfigSource src, String[] args) {
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    src.put(a.substring(2), "true", "command line");
                } else {
                    src.put(a.substring(2, eq), a.substring(eq + 1), "command line");
                }
            } else {
                positional.add(a);
            }
        }
        return positional;
    }

    public String string(String key, String dflt) {
        read.add(key);
        return values.getOrDefault(key, dflt);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public int integer(String key, int dflt, int min, int max) {
        read.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw bad(key, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, "is not a whole number");
        }
    }

    public boolean bool(String key, boolean dflt) {
        read.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, "must be true or false");
        };
    }

    public List<String> list(String key, String dflt) {
        String v = string(key, dflt);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    public ConfigException bad(String key, String problem) {
        // Errors reach stderr and logs: a secret's value must not, even when it is the value that is wrong.
        String value = SECRET_KEYS.contains(key) ? "<redacted>" : values.getOrDefault(key, "");
        return new ConfigException(key + "=" + value + " (" + origin(key) + ") " + problem);
    }

    /** Where {@code key} was set ("command line", "config file ..."), or "defaults" when it was not. */
    public String origin(String key) {
        return origins.getOrDefault(key, "defaults");
    }

    /** Keys that were given but never read: almost always a typo, so startup refuses them. */
    public List<String> unknownKeys() {
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!read.contains(k)) {
                out.add(k + " (" + origins.get(k) + ")");
            }
        }
        return out;
    }
}
