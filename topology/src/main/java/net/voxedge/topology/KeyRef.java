package net.voxedge.topology;

/**
 * Where a key lives: a file path or an environment variable. The topology never holds a
 * secret itself, so the file can be committed, reviewed and shipped to every machine.
 *
 * @param name     what the key is for, e.g. {@code routing-token}
 * @param source   whether {@code location} is a file path or a variable name
 * @param location the file path or the environment variable's name
 */
public record KeyRef(String name, Source source, String location) {

    /** Where the secret is read from at run time. */
    public enum Source { FILE, ENV }
}
