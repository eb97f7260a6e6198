package net.voxedge.topology;

import com.typesafe.config.ConfigOrigin;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems so one load reports all of them, each with its file and line. */
final class Problems {

    private final String file;
    private final List<TopologyException.Problem> list = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(ConfigOrigin origin, String field, String message) {
        list.add(new TopologyException.Problem(fileOf(origin), lineOf(origin), field, message));
    }

    /** The file the value came from (an included file, say), else the file being loaded. */
    String fileOf(ConfigOrigin origin) {
        return origin != null && origin.filename() != null ? origin.filename() : file;
    }

    static int lineOf(ConfigOrigin origin) {
        return origin == null ? 0 : Math.max(origin.lineNumber(), 0);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<TopologyException.Problem> list() {
        return list;
    }
}
