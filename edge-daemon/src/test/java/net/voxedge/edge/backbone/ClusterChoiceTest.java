package net.voxedge.edge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntPredicate;
import net.voxedge.edge.backbone.ClusterChoice.Reason;
import org.junit.jupiter.api.Test;

class ClusterChoiceTest {
    private static final List<String> ORDER = List.of("eu-central", "us-east", "ap-south");
    private static final IntPredicate ALL_UP = i -> true;
    private static final IntPredicate NONE_UP = i -> false;

    private static IntPredicate upOnly(int... up) {
        return i -> java.util.Arrays.stream(up).anyMatch(u -> u == i);
    }

    @Test
    void theRoutersClusterWinsWhereverItIsInTheOrderWhenItsLinkIsUp() {
        assertThat(ClusterChoice.decide("us-east", ORDER, ALL_UP)).isEqualTo(new ClusterChoice(1, Reason.REQUESTED));
        assertThat(ClusterChoice.decide("ap-south", ORDER, upOnly(2))).isEqualTo(new ClusterChoice(2, Reason.REQUESTED));
        assertThat(ClusterChoice.decide("eu-central", ORDER, ALL_UP)).isEqualTo(new ClusterChoice(0, Reason.REQUESTED));
        assertThat(Reason.REQUESTED.choice).isEqualTo("router");
    }

    @Test
    void aDirectOfferTakesTheFirstClusterUpInOwnOrder() {
        assertThat(ClusterChoice.decide(null, ORDER, ALL_UP)).isEqualTo(new ClusterChoice(0, Reason.NO_REQUEST));
        assertThat(ClusterChoice.decide(null, ORDER, upOnly(2))).isEqualTo(new ClusterChoice(2, Reason.NO_REQUEST));
        assertThat(ClusterChoice.decide(null, ORDER, NONE_UP)).isEqualTo(new ClusterChoice(0, Reason.NO_REQUEST));
        assertThat(Reason.NO_REQUEST.choice).isEqualTo("own_order");
    }

    @Test
    void anUnknownOrEmptyNameFallsBackToOwnOrder() {
        assertThat(ClusterChoice.decide("mars-1", ORDER, upOnly(1, 2))).isEqualTo(new ClusterChoice(1, Reason.UNKNOWN_CLUSTER));
        assertThat(ClusterChoice.decide("", ORDER, ALL_UP)).isEqualTo(new ClusterChoice(0, Reason.UNKNOWN_CLUSTER));
        // case matters: cluster ids are exact names
        assertThat(ClusterChoice.decide("US-EAST", ORDER, ALL_UP).reason()).isEqualTo(Reason.UNKNOWN_CLUSTER);
        assertThat(ClusterChoice.decide("mars-1", ORDER, upOnly(1)).describe("mars-1", ORDER))
                .contains("mars-1", "does not list", "own order");
        assertThat(ClusterChoice.decide("", ORDER, ALL_UP).describe("", ORDER)).contains("names no cluster");
        String hostile = "x".repeat(500);
        assertThat(ClusterChoice.decide(hostile, ORDER, ALL_UP).describe(hostile, ORDER)).hasSizeLessThan(200);
    }

    @Test
    void theRoutersClusterWithItsLinkDownGivesWayToTheFirstUpUnlessNoneIsUp() {
        ClusterChoice c = ClusterChoice.decide("us-east", ORDER, upOnly(0, 2));
        assertThat(c).isEqualTo(new ClusterChoice(0, Reason.CLUSTER_DOWN));
        assertThat(c.describe("us-east", ORDER)).contains("us-east", "down", "eu-central");
        assertThat(ClusterChoice.decide("us-east", ORDER, upOnly(2))).isEqualTo(new ClusterChoice(2, Reason.CLUSTER_DOWN));
        // Nothing is up: the router's cluster is as good as any (the journal holds the audio).
        assertThat(ClusterChoice.decide("us-east", ORDER, NONE_UP)).isEqualTo(new ClusterChoice(1, Reason.NONE_UP));
        assertThat(Reason.NONE_UP.choice).isEqualTo("router");
    }

    @Test
    void everyReasonHasItsOwnLabel() {
        assertThat(java.util.Arrays.stream(Reason.values()).map(r -> r.choice + "/" + r.label).distinct().count())
                .isEqualTo(Reason.values().length);
    }
}
