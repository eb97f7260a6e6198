package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusMergerTest {

    private static final String EDGE = """
            # HELP voxedge_sessions_active Sessions alive now
            # TYPE voxedge_sessions_active gauge
            voxedge_sessions_active 2.0
            # HELP voxedge_drops_total Dropped datagrams
            # TYPE voxedge_drops_total counter
            voxedge_drops_total{reason="unknown_source"} 3.0
            voxedge_drops_total{reason="token_bad_mac"} 0.0
            """;

    @Test
    void samplesOfOneFamilyFromSeveralComponentsStayTogetherUnderOneDescription() {
        String out = new PrometheusMerger().add("edge-fra1", EDGE).add("edge-nrt1", EDGE.replace(" 2.0", " 5.0")).render();
        assertThat(out).isEqualTo("""
                # HELP voxedge_sessions_active Sessions alive now
                # TYPE voxedge_sessions_active gauge
                voxedge_sessions_active{component="edge-fra1"} 2.0
                voxedge_sessions_active{component="edge-nrt1"} 5.0
                # HELP voxedge_drops_total Dropped datagrams
                # TYPE voxedge_drops_total counter
                voxedge_drops_total{component="edge-fra1",reason="unknown_source"} 3.0
                voxedge_drops_total{component="edge-fra1",reason="token_bad_mac"} 0.0
                voxedge_drops_total{component="edge-nrt1",reason="unknown_source"} 3.0
                voxedge_drops_total{component="edge-nrt1",reason="token_bad_mac"} 0.0
                """);
    }

    @Test
    void summariesKeepTheirSuffixedSamplesInTheirFamily() {
        String scrape = """
                # HELP voxedge_stun_rtt_seconds RTT
                # TYPE voxedge_stun_rtt_seconds summary
                voxedge_stun_rtt_seconds{quantile="0.5"} 0.001
                voxedge_stun_rtt_seconds_count 4
                voxedge_stun_rtt_seconds_sum 0.004
                """;
        String out = new PrometheusMerger().add("a", scrape).add("b", scrape).render();
        assertThat(out.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(1);
        assertThat(out).contains("voxedge_stun_rtt_seconds_count{component=\"a\"} 4\nvoxedge_stun_rtt_seconds_sum{component=\"a\"} 0.004\n"
                + "voxedge_stun_rtt_seconds{component=\"b\",quantile=\"0.5\"} 0.001");
    }

    @Test
    void labelsAreInsertedWhateverTheSampleLooksLike() {
        assertThat(PrometheusMerger.withLabel("m 1", "c=\"x\"")).isEqualTo("m{c=\"x\"} 1");
        assertThat(PrometheusMerger.withLabel("m{} 1", "c=\"x\"")).isEqualTo("m{c=\"x\"} 1");
        assertThat(PrometheusMerger.withLabel("m{a=\"b c\"} 1 1700000000", "c=\"x\"")).isEqualTo("m{c=\"x\",a=\"b c\"} 1 1700000000");
        assertThat(PrometheusMerger.withLabel("garbage", "c=\"x\"")).isEqualTo("garbage");
    }

    @Test
    void componentNamesAreEscapedAndEmptyOrCommentOnlyInputAddsNothing() {
        assertThat(new PrometheusMerger().add("a\"b", "m 1\n").render()).isEqualTo("m{component=\"a\\\"b\"} 1\n");
        assertThat(new PrometheusMerger().add("a", "").add("b", "\n\n# EOF\n").render()).isEmpty();
    }
}
