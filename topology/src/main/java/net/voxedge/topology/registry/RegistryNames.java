package net.voxedge.topology.registry;

import java.util.regex.Pattern;

/** Argument checks shared by the registry's records, so both implementations reject the same input. */
final class RegistryNames {

    /** Member ids become Consul service ids and KV path segments: no '/', nothing URL-hostile. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** The topology file's name rule (PoP names, cluster ids, host names). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    /** Consul's rule for service metadata keys. */
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private RegistryNames() {
    }

    static String id(String what, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": must be 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit (got " + quote(value) + ")");
        }
        return value;
    }

    static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": must be 1-63 letters, digits, '_' or '-', starting with a letter or digit (got " + quote(value) + ")");
        }
        return value;
    }

    static String metaKey(String value) {
        if (value == null || !META_KEY.matcher(value).matches()) {
            throw new IllegalArgumentException("meta key: must be 1-128 letters, digits, '_' or '-' (got " + quote(value) + ")");
        }
        return value;
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return '"' + shown + '"';
    }
}
