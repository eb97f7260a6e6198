package net.voxedge.backbone.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The journal's small numbers for cluster ids, so a media record carries a u16 instead of a
 * string. Kept in {@code clusters.txt} next to the queue: one cluster id per line, the number is
 * the line's position (first line = 0). Append-only, so numbers in old records stay right after
 * a restart or a topology change. Thread-safe (session starts only: not on the frame path).
 */
final class ClusterNumbers {
  /** Cluster ids the file accepts: the topology's ids are words like {@code eu-west-1}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  static final int MAX_CLUSTERS = 65536;

  private final Path file;
  private final List<String> ids;
  private final Map<String, Integer> numbers = new HashMap<>();

  private ClusterNumbers(Path file, List<String> ids) {
    this.file = file;
    this.ids = ids;
    for (int i = 0; i < ids.size(); i++) {
      numbers.put(ids.get(i), i);
    }
  }

  /** Loads (or starts) the file. */
  static ClusterNumbers load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new ClusterNumbers(file, new ArrayList<>());
    }
    return new ClusterNumbers(file, parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
  }

  /**
   * Parses the file's text.
   *
   * @throws IllegalArgumentException naming the line that is wrong
   */
  static List<String> parse(String text, String source) {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException(source + ": the last line is not terminated (a write was cut short?); "
          + "every line must be a cluster id followed by a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      String id = lines[i];
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + ": not a cluster id: '"
            + id.substring(0, Math.min(id.length(), 80)) + "'");
      }
      Integer before = seen.putIfAbsent(id, i);
      if (before != null) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + ": cluster '" + id
            + "' already has number " + before + " (line " + (before + 1) + ")");
      }
      if (out.size() == MAX_CLUSTERS) {
        throw new IllegalArgumentException(source + ": more than " + MAX_CLUSTERS + " clusters");
      }
      out.add(id);
    }
    return out;
  }

  /** The number for {@code clusterId}, assigning (and durably recording) a new one if needed. */
  synchronized int numberOf(String clusterId) throws IOException {
    Integer n = numbers.get(clusterId);
    if (n != null) {
      return n;
    }
    if (!ID.matcher(clusterId).matches()) {
      throw new IllegalArgumentException("not a cluster id: '" + clusterId + "'");
    }
    if (ids.size() == MAX_CLUSTERS) {
      throw new IllegalStateException("the journal already numbers " + MAX_CLUSTERS + " clusters");
    }
    Files.writeString(file, clusterId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    ids.add(clusterId);
    numbers.put(clusterId, ids.size() - 1);
    return ids.size() - 1;
  }

  /** The id for a number, or {@code null} if none has it. */
  synchronized String idOf(int number) {
    return number >= 0 && number < ids.size() ? ids.get(number) : null;
  }
}
