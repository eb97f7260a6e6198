package net.voxedge.topology.registry;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process rules with a clock driven by hand. */
class InProcessStateTest {

    private final InProcessState state = new InProcessState();
    private final Member edge = Member.of("edge-1", MemberKind.EDGE, "fra1", "fra1-h0", "198.51.100.10", 8443);

    @Test
    void aTtlLapsesOnlyAfterItsDeadlineAndEachReportResetsIt() {
        state.register(edge, 1_000, 10_000);
        assertThat(state.expire(11_000)).as("exactly at the deadline it still holds").isFalse();
        assertThat(health()).isEqualTo(Health.PASSING);

        assertThat(state.report("edge-1", Health.PASSING, "", 10_900)).as("same status and note: no change").isFalse();
        assertThat(state.expire(11_500)).as("the pass moved the deadline to 11 900").isFalse();
        assertThat(state.expire(11_901)).isTrue();
        assertThat(health()).isEqualTo(Health.CRITICAL);
        assertThat(state.members().get("edge-1").healthNote()).isEqualTo(InProcessState.TTL_EXPIRED);
        assertThat(state.expire(20_000)).as("already lapsed: no new change").isFalse();

        assertThat(state.report("edge-1", Health.PASSING, "", 20_000)).isTrue();
        assertThat(health()).isEqualTo(Health.PASSING);
    }

    @Test
    void aWarningAlsoResetsTheTtl() {
        state.register(edge, 1_000, 0);
        state.report("edge-1", Health.WARNING, "loss", 900);
        assertThat(state.expire(1_500)).isFalse();
        assertThat(health()).isEqualTo(Health.WARNING);
        assertThat(state.expire(1_901)).isTrue();
    }

    @Test
    void reRegistrationKeepsWhatTheMemberPublishedAndDeregistrationDropsIt() {
        state.register(edge, 1_000, 0);
        state.load("edge-1", new Load(3, 10, 0.5), 100);
        state.draining("edge-1", true, 200);
        state.register(edge, 2_000, 300);
        MemberState m = state.members().get("edge-1");
        assertThat(m.load()).contains(new Load(3, 10, 0.5));
        assertThat(m.draining()).isTrue();
        assertThat(m.updatedAt().toEpochMilli()).isEqualTo(300);

        assertThat(state.deregister("edge-1")).isTrue();
        assertThat(state.deregister("edge-1")).isFalse();
        assertThat(state.members()).isEmpty();
    }

    @Test
    void drainingTheSameWayTwiceIsNoChange() {
        state.register(edge, 1_000, 0);
        assertThat(state.draining("edge-1", true, 1)).isTrue();
        assertThat(state.draining("edge-1", true, 2)).isFalse();
    }

    @Test
    void unknownMembersAreRefusedByName() {
        assertThatThrownBy(() -> state.load("ghost", new Load(0, 1, 0), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ghost");
        assertThat(state.members()).isEqualTo(Map.of());
    }

    private Health health() {
        return state.members().get("edge-1").health();
    }
}
