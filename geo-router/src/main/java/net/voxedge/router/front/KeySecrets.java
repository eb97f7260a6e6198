package net.voxedge.router.front;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.voxedge.topology.KeyRef;
import net.voxedge.topology.Topology;

/**
 * Reads a secret the topology names by reference ({@code keys[]}: a file or an environment
 * variable, never the secret itself). A key is its UTF-8 text with surrounding white space
 * (a file's trailing newline) removed, as the edges' {@code auth.key} / {@code internal.key}
 * settings are, so one secret string configures both. Problems are messages naming the key,
 * where it was looked for and what was wrong; the secret itself never appears in one.
 */
public final class KeySecrets {

    /** Shortest key accepted: HS256 wants at least as many bytes as its output. */
    public static final int MIN_BYTES = 32;

    private final Topology topology;
    private final Function<String, String> env;

    /** @param env the environment ({@code System::getenv} in production; tests pass a map) */
    public KeySecrets(Topology topology, Function<String, String> env) {
        this.topology = topology;
        this.env = env;
    }

    /**
     * The bytes of the topology key {@code name}, or null after adding a problem that starts with
     * {@code setting} (the config key that named it).
     */
    public byte[] read(String setting, String name, List<String> problems) {
        KeyRef ref = topology.key(name).orElse(null);
        if (ref == null) {
            problems.add(setting + ": the topology has no key named '" + name + "' (its keys: "
                    + String.join(", ", topology.keys().stream().map(KeyRef::name).toList()) + ")");
            return null;
        }
        String text;
        String where;
        if (ref.source() == KeyRef.Source.FILE) {
            where = "file " + ref.location();
            try {
                text = Files.readString(Path.of(ref.location()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                problems.add(setting + ": key '" + name + "': cannot read " + where + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
                return null;
            }
        } else {
            where = "environment variable " + ref.location();
            text = env.apply(ref.location());
            if (text == null) {
                problems.add(setting + ": key '" + name + "': " + where + " is not set");
                return null;
            }
        }
        byte[] key = text.strip().getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_BYTES) {
            problems.add(setting + ": key '" + name + "' from " + where + " is " + key.length + " bytes; at least "
                    + MIN_BYTES + " are needed");
            return null;
        }
        return key;
    }
}
