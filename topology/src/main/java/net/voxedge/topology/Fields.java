package net.voxedge.topology;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed, range-checked reads of one HOCON object's fields. A bad field records a problem (with
 * the field's own line, or the object's line when the field is missing) and yields a placeholder
 * so validation can go on and report everything in one pass.
 */
final class Fields {

    private final ConfigObject object;
    private final String path;
    private final Problems problems;

    Fields(ConfigObject object, String path, Problems problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    ConfigOrigin origin() {
        return object.origin();
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Flags every field not in {@code allowed}: a typo must not silently become a default. */
    void rejectUnknown(Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(object.get(key).origin(), field(key), "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    boolean has(String key) {
        return object.containsKey(key);
    }

    ConfigValue value(String key) {
        return object.get(key);
    }

    private ConfigValue required(String key, ConfigValueType type, String typeName) {
        ConfigValue v = object.get(key);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            problems.add(object.origin(), field(key), "required field is missing");
            return null;
        }
        if (v.valueType() != type) {
            problems.add(v.origin(), field(key), "must be " + typeName + " (got " + describe(v) + ")");
            return null;
        }
        return v;
    }

    /** A non-blank string; "" if missing or wrong. */
    String string(String key) {
        ConfigValue v = required(key, ConfigValueType.STRING, "a string");
        if (v == null) {
            return "";
        }
        String s = (String) v.unwrapped();
        if (s.isBlank()) {
            problems.add(v.origin(), field(key), "must not be empty");
        }
        return s;
    }

    /** A short identifier: letters, digits, '-' and '_', starting with a letter or digit. */
    String name(String key) {
        String s = string(key);
        if (!s.isEmpty() && !s.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
            problems.add(object.get(key).origin(), field(key), "must be a short name of letters, digits, '-' or '_' (got \"" + s + "\")");
        }
        return s;
    }

    long integer(String key, long min, long max) {
        ConfigValue v = required(key, ConfigValueType.NUMBER, "a number");
        if (v == null) {
            return min;
        }
        Number n = (Number) v.unwrapped();
        if ((n instanceof Double || n instanceof Float) && n.doubleValue() != Math.rint(n.doubleValue())) {
            problems.add(v.origin(), field(key), "must be a whole number (got " + n + ")");
            return min;
        }
        long l = n.longValue();
        if (l < min || l > max || ((n instanceof Double) && Math.abs(n.doubleValue()) > Long.MAX_VALUE / 2.0)) {
            problems.add(v.origin(), field(key), "must be between " + min + " and " + max + " (got " + n + ")");
            return min;
        }
        return l;
    }

    double decimal(String key, double min, double max) {
        ConfigValue v = required(key, ConfigValueType.NUMBER, "a number");
        if (v == null) {
            return 0;
        }
        double d = ((Number) v.unwrapped()).doubleValue();
        if (!(d >= min && d <= max)) {
            problems.add(v.origin(), field(key), "must be between " + fmt(min) + " and " + fmt(max) + " (got " + d + ")");
            return 0;
        }
        return d;
    }

    /** The objects of a list field, each paired with its path ({@code pops[3]}). */
    List<Fields> objects(String key, boolean required) {
        List<Fields> out = new ArrayList<>();
        ConfigValue v = object.get(key);
        if (v == null && !required) {
            return out;
        }
        List<ConfigValue> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            String itemPath = field(key) + "[" + i + "]";
            if (item.valueType() != ConfigValueType.OBJECT) {
                problems.add(item.origin(), itemPath, "must be an object { ... } (got " + describe(item) + ")");
                continue;
            }
            out.add(new Fields((ConfigObject) item, itemPath, problems));
        }
        return out;
    }

    /** The items of a required list field; empty (with a problem recorded) if missing or wrong. */
    List<ConfigValue> list(String key) {
        ConfigValue v = required(key, ConfigValueType.LIST, "a list [ ... ]");
        if (v == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<ConfigValue> items = (List<ConfigValue>) (List<?>) v;
        return items;
    }

    /** A list of strings; items of another type are reported and skipped. */
    List<StringAt> strings(String key, boolean nonEmpty) {
        List<StringAt> out = new ArrayList<>();
        List<ConfigValue> items = list(key);
        if (nonEmpty && items.isEmpty() && object.get(key) != null && object.get(key).valueType() == ConfigValueType.LIST) {
            problems.add(object.get(key).origin(), field(key), "must not be empty");
        }
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            String itemPath = field(key) + "[" + i + "]";
            if (item.valueType() != ConfigValueType.STRING) {
                problems.add(item.origin(), itemPath, "must be a string (got " + describe(item) + ")");
                continue;
            }
            out.add(new StringAt((String) item.unwrapped(), item.origin(), itemPath));
        }
        return out;
    }

    /** A list of {@code ip:port} socket addresses; bad items are reported and skipped. */
    List<InetSocketAddress> socketAddresses(String key) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (StringAt s : strings(key, true)) {
            InetSocketAddress a = socketAddress(s);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /** A single {@code ip:port} field; null (with a problem recorded) if missing or wrong. */
    InetSocketAddress socketAddress(String key) {
        String s = string(key);
        return s.isEmpty() ? null : socketAddress(new StringAt(s, object.get(key).origin(), field(key)));
    }

    private InetSocketAddress socketAddress(StringAt s) {
        String err = Addresses.socketAddressError(s.value());
        if (err != null) {
            problems.add(s.origin(), s.path(), err);
            return null;
        }
        return Addresses.socketAddress(s.value());
    }

    /** A plain IP literal field (no port); null (with a problem recorded) if missing or wrong. */
    InetAddress ip(String key) {
        String s = string(key);
        if (s.isEmpty()) {
            return null;
        }
        InetAddress a = Addresses.ipLiteral(s);
        if (a == null) {
            problems.add(object.get(key).origin(), field(key), "must be an IPv4 or IPv6 literal, not a host name (got \"" + s + "\")");
        }
        return a;
    }

    /** A string with where it came from, for reporting problems found later (references, duplicates). */
    record StringAt(String value, ConfigOrigin origin, String path) {
    }

    static String describe(ConfigValue v) {
        return switch (v.valueType()) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NULL -> "null";
            case STRING -> "\"" + v.unwrapped() + "\"";
            default -> String.valueOf(v.unwrapped());
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
