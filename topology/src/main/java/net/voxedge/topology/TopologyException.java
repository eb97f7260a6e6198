package net.voxedge.topology;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A topology file that can't be used. The message has one line per problem, each
 * {@code file:line: field: what is wrong}, e.g.
 * {@code topology.conf:42: pops[3].lat: must be between -90 and 90 (got 123.0)}.
 */
public final class TopologyException extends Exception {

    private static final long serialVersionUID = 1L;

    /** One problem; {@code line} is 0 when the library could not tell, {@code field} empty for the whole file. */
    public record Problem(String file, int line, String field, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + message;
        }
    }

    private final List<Problem> problems;

    public TopologyException(List<Problem> problems, Throwable cause) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order of discovery; never empty. */
    public List<Problem> problems() {
        return problems;
    }
}
