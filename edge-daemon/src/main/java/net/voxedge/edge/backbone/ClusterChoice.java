package net.voxedge.edge.backbone;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Which configured cluster a new session goes to, and why: the cluster a signaling front named
 * (the router's choice) when this edge has it and its link is up; otherwise the edge's own
 * {@code backbone.clusters} order (the first cluster whose link is up, or the first one when none
 * is: the journal then holds the audio until a link comes up). A pure function of its inputs.
 *
 * @param index the chosen cluster's position in {@code backbone.clusters}
 * @param reason how it was chosen (the label of {@code voxedge_backbone_cluster_choice_total})
 */
public record ClusterChoice(int index, Reason reason) {

    /** How a session's cluster was chosen; {@link #choice} and {@link #label} are the metric's tags. */
    public enum Reason {
        /** The front named a configured cluster whose link is up. */
        REQUESTED("router", "requested"),
        /** The front named a configured cluster, and no cluster's link is up: it is as good as any. */
        NONE_UP("router", "none_up"),
        /** A client's own offer (no front, so no router's choice). */
        NO_REQUEST("own_order", "no_request"),
        /** The front named a cluster this edge does not list in {@code backbone.clusters}, or none at all. */
        UNKNOWN_CLUSTER("own_order", "unknown_cluster"),
        /** The front named a configured cluster whose link is not up, and another one's is. */
        CLUSTER_DOWN("own_order", "cluster_down");

        /** {@code router} when the front's cluster was taken, {@code own_order} when the edge's order decided. */
        public final String choice;
        public final String label;

        Reason(String choice, String label) {
            this.choice = choice;
            this.label = label;
        }
    }

    /**
     * @param requested the cluster the front named (empty: its token named none), or null for a
     *     client's own offer
     * @param clusterIds the configured clusters, first choice first
     * @param up whether the link of the cluster at a position is up now
     */
    public static ClusterChoice decide(String requested, List<String> clusterIds, IntPredicate up) {
        int firstUp = -1;
        for (int i = 0; i < clusterIds.size(); i++) {
            if (up.test(i)) {
                firstUp = i;
                break;
            }
        }
        int own = Math.max(firstUp, 0);
        if (requested == null) {
            return new ClusterChoice(own, Reason.NO_REQUEST);
        }
        int named = requested.isEmpty() ? -1 : clusterIds.indexOf(requested);
        if (named < 0) {
            return new ClusterChoice(own, Reason.UNKNOWN_CLUSTER);
        }
        if (up.test(named)) {
            return new ClusterChoice(named, Reason.REQUESTED);
        }
        return firstUp < 0 ? new ClusterChoice(named, Reason.NONE_UP) : new ClusterChoice(firstUp, Reason.CLUSTER_DOWN);
    }

    /** Why, in words, for the session's log line. */
    public String describe(String requested, List<String> clusterIds) {
        String chosen = clusterIds.get(index);
        return switch (reason) {
            case REQUESTED -> "the router's choice";
            case NONE_UP -> "the router's choice; no cluster link is up, the journal holds the audio";
            case NO_REQUEST -> "own order: a direct offer names no cluster";
            case UNKNOWN_CLUSTER -> requested == null || requested.isEmpty()
                    ? "own order: the front's token names no cluster"
                    : "own order: the router named cluster '" + clip(requested) + "', which backbone.clusters "
                            + clusterIds + " does not list";
            case CLUSTER_DOWN -> "own order: the router named cluster " + requested + ", whose link is down; "
                    + chosen + " is the first one up";
        };
    }

    /** The requested name came in a (signed) token, but a log line is no place for a long one. */
    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
