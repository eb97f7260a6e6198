package net.voxedge.devnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the Prometheus text scrapes of several components into one exposition, each sample
 * labelled {@code component="<name>"}. Every component keeps its own MeterRegistry (as it does as
 * a production daemon), so the same metric family (say {@code voxedge_sessions_active} of three
 * edges) arrives several times: the text format allows one HELP/TYPE per family with all its
 * samples together, so samples are regrouped under the first HELP/TYPE seen. Sans-IO: text in,
 * text out.
 */
public final class PrometheusMerger {

    /** The label that tells the components apart. */
    public static final String LABEL = "component";

    private static final class Family {
        final List<String> header = new ArrayList<>(2);
        final List<String> samples = new ArrayList<>();
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds one component's scrape; lines it cannot place (no preceding HELP/TYPE) form their own family. */
    public PrometheusMerger add(String component, String scrape) {
        String label = LABEL + "=\"" + escape(component) + "\"";
        Family current = null;
        String currentName = null;
        boolean writeHeader = false;
        for (String line : scrape.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String name = nameOf(line.substring(7));
                if (!name.equals(currentName)) {
                    currentName = name;
                    // A family another component already described keeps that description.
                    writeHeader = !families.containsKey(name);
                    current = families.computeIfAbsent(name, k -> new Family());
                }
                if (writeHeader) {
                    current.header.add(line);
                }
            } else if (line.startsWith("#")) {
                continue; // other comments (# EOF in OpenMetrics) carry nothing to merge
            } else {
                if (current == null) {
                    currentName = nameOf(line);
                    current = families.computeIfAbsent(currentName, k -> new Family());
                }
                current.samples.add(withLabel(line, label));
            }
        }
        return this;
    }

    /** The merged exposition. */
    public String render() {
        StringBuilder out = new StringBuilder(8192);
        for (Family f : families.values()) {
            f.header.forEach(h -> out.append(h).append('\n'));
            f.samples.forEach(s -> out.append(s).append('\n'));
        }
        return out.toString();
    }

    /** {@code name{a="b"} 1} → {@code name{component="x",a="b"} 1}; {@code name 1} → {@code name{component="x"} 1}. */
    static String withLabel(String sample, String label) {
        int brace = sample.indexOf('{');
        int space = sample.indexOf(' ');
        if (brace >= 0 && (space < 0 || brace < space)) {
            boolean empty = brace + 1 < sample.length() && sample.charAt(brace + 1) == '}';
            return sample.substring(0, brace + 1) + label + (empty ? "" : ",") + sample.substring(brace + 1);
        }
        if (space < 0) {
            return sample;
        }
        return sample.substring(0, space) + "{" + label + "}" + sample.substring(space);
    }

    private static String nameOf(String text) {
        int end = 0;
        while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != '{') {
            end++;
        }
        return text.substring(0, end);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
