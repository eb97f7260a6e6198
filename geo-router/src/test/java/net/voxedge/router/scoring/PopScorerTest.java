package net.voxedge.router.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.voxedge.router.Fixtures;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.GreatCircle;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.net.IpLiteral;
import net.voxedge.router.net.PrefixKeys;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.router.state.PopState;
import net.voxedge.topology.Topology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopScorerTest {

    private static final long MIN = 60_000_000_000L;
    private static final Topology TOPOLOGY = Fixtures.sampleTopology();

    private static final GeoLocation FRANKFURT = GeoLocation.known(50.1109, 8.6821, 20, "DE", "EU");
    private static final GeoLocation PARIS = GeoLocation.known(48.8566, 2.3522, 5, "FR", "EU");
    private static final GeoLocation TOKYO = GeoLocation.known(35.6762, 139.6503, 50, "JP", "AS");
    private static final GeoLocation SYDNEY = GeoLocation.known(-33.8688, 151.2093, 100, "AU", "OC");
    private static final GeoLocation RIO = GeoLocation.known(-22.9068, -43.1729, 20, "BR", "SA");
    private static final GeoLocation CENTROID = GeoLocation.unknown(GeoLocation.Unknown.RADIUS_TOO_LARGE, 1000, "US", "NA");

    private InMemoryLiveState live;
    private MeasuredRttTable measured;
    private PopScorer scorer;
    private long prefix;

    @BeforeEach
    void setUp() {
        live = new InMemoryLiveState();
        measured = new MeasuredRttTable(1000, 10 * MIN, 60 * MIN);
        scorer = new PopScorer(TOPOLOGY, RttModel.DEFAULT, ScoringPolicy.DEFAULT, live, measured);
        byte[] b = new byte[16];
        prefix = PrefixKeys.of(b, IpLiteral.parse("192.0.2.7", b));
    }

    private RouteDecision route(GeoLocation where, long now) {
        return scorer.route(where, prefix, -1, now);
    }

    private void sample(String pop, double ms, int count, long now) {
        for (int i = 0; i < count; i++) {
            assertThat(measured.record(prefix, scorer.popIndex(pop), ms, now)).isTrue();
        }
    }

    @Test
    void geographyPicksTheNearestPopItsBackupAndCluster() {
        RouteDecision d = route(FRANKFURT, 0);
        assertThat(d.pop().name()).isEqualTo("fra1");
        assertThat(d.backup().name()).isEqualTo("lhr1");
        assertThat(d.cluster().id()).isEqualTo("eu-central");
        assertThat(d.basis()).isEqualTo(RouteDecision.Basis.GEOGRAPHY);
        assertThat(d.clientRttMs()).isCloseTo(RttModel.DEFAULT.fixedMs(), within(0.01));
        assertThat(d.backboneRttMs()).isEqualTo(1.0); // 2 × the 0.5 ms one-way link
        assertThat(d.backboneBasis()).isEqualTo(RouteDecision.BackboneBasis.TOPOLOGY);
        assertThat(d.reason()).isEqualTo("geography: 0 km, est 2.0 ms");

        RouteDecision paris = route(PARIS, 0);
        assertThat(paris.pop().name()).isEqualTo("lhr1"); // 344 km against 479 km to Frankfurt
        assertThat(paris.backup().name()).isEqualTo("fra1");
        assertThat(paris.cluster().id()).isEqualTo("eu-central");
        double km = GreatCircle.km(48.8566, 2.3522, 51.5074, -0.1278);
        assertThat(paris.distanceKm()).isCloseTo(km, within(1e-6));
        assertThat(paris.clientRttMs()).isCloseTo(RttModel.DEFAULT.rttMs(km), within(1e-9));
        assertThat(paris.reason()).isEqualTo("geography: 344 km, est 7.2 ms");
    }

    @Test
    void clustersFollowTheBackbone() {
        assertThat(route(TOKYO, 0)).extracting(d -> d.pop().name(), d -> d.cluster().id()).containsExactly("nrt1", "ap-southeast");
        assertThat(route(SYDNEY, 0)).extracting(d -> d.pop().name(), d -> d.cluster().id()).containsExactly("syd1", "ap-southeast");
        RouteDecision rio = route(RIO, 0);
        assertThat(rio.pop().name()).isEqualTo("gru1");
        assertThat(rio.cluster().id()).isEqualTo("us-east");
        assertThat(rio.backboneRttMs()).isCloseTo(108.4, within(1e-9));
    }

    @Test
    void unlinkedPairsGoThroughOtherNodes() {
        int gru = scorer.popIndex("gru1");
        int ap = TOPOLOGY.clusters().indexOf(TOPOLOGY.cluster("ap-southeast").orElseThrow());
        // gru1 has no link to ap-southeast; the shortest way is gru1 → eu-central → ap-southeast
        // (69.3 + 72.3 ms one way), shorter than through us-east (54.2 + 109.1).
        assertThat(scorer.topologyBackboneRttMs(gru, ap)).isCloseTo(2 * (69.3 + 72.3), within(1e-9));
    }

    @Test
    void measuredBackboneOverridesTheTopologyAndUnhealthyClustersAreSkipped() {
        live.setBackboneRtt("fra1", "eu-central", 200.0);
        RouteDecision d = route(FRANKFURT, 0);
        assertThat(d.cluster().id()).isEqualTo("us-east");
        assertThat(d.backboneRttMs()).isCloseTo(92.6, within(1e-9));
        live.setBackboneRtt("fra1", "eu-central", 3.0);
        assertThat(route(FRANKFURT, 0)).extracting(x -> x.cluster().id(), RouteDecision::backboneRttMs, RouteDecision::backboneBasis)
                .containsExactly("eu-central", 3.0, RouteDecision.BackboneBasis.MEASURED);
        live.setClusterHealthy("eu-central", false);
        assertThat(route(FRANKFURT, 0).cluster().id()).isEqualTo("us-east");
        live.setClusterHealthy("us-east", false).setClusterHealthy("ap-southeast", false);
        RouteDecision none = route(FRANKFURT, 0);
        assertThat(none.pop().name()).isEqualTo("fra1");
        assertThat(none.cluster()).isNull();
        assertThat(none.clusterReason()).isEqualTo("no healthy inference cluster");
    }

    @Test
    void measuredLatencyThatContradictsGeographyWins() {
        sample("fra1", 90.0, 5, 0);
        sample("lhr1", 15.0, 5, 0);
        RouteDecision d = route(FRANKFURT, 0);
        assertThat(d.pop().name()).isEqualTo("lhr1");
        assertThat(d.basis()).isEqualTo(RouteDecision.Basis.MEASURED);
        assertThat(d.clientRttMs()).isEqualTo(15.0);
        assertThat(d.samples()).isEqualTo(5);
        assertThat(d.reason()).isEqualTo("measured 15.0 ms from 192.0.2.0/24 (5 samples)");
        // The backup is fra1 at its measured 90 ms (not its geographic 2 ms): still better than
        // the next city by geography, iad1 at ~103 ms.
        assertThat(d.backup().name()).isEqualTo("fra1");
        assertThat(d.backupRttMs()).isEqualTo(90.0);
    }

    @Test
    void whenSamplesDecayGeographyIsBack() {
        sample("fra1", 90.0, 1, 0);
        sample("lhr1", 15.0, 1, 0);
        assertThat(route(FRANKFURT, 0).pop().name()).isEqualTo("lhr1");
        // One sample keeps confidence ≥ 0.5 for one half-life (10 min), then geography decides.
        assertThat(route(FRANKFURT, 10 * MIN).pop().name()).isEqualTo("lhr1");
        RouteDecision later = route(FRANKFURT, 10 * MIN + 1_000_000);
        assertThat(later.pop().name()).isEqualTo("fra1");
        assertThat(later.basis()).isEqualTo(RouteDecision.Basis.GEOGRAPHY);
        assertThat(later.accessMs()).isZero();
    }

    @Test
    void manySamplesStayTrustedUntilTheHorizon() {
        sample("fra1", 90.0, 40, 0);
        sample("lhr1", 15.0, 40, 0);
        // 40 samples: confidence 40 · 2^(-t/10min) stays ≥ 0.5 for ~63 min, so the 60-min horizon ends it.
        assertThat(route(FRANKFURT, 59 * MIN).pop().name()).isEqualTo("lhr1");
        assertThat(route(FRANKFURT, 61 * MIN).pop().name()).isEqualTo("fra1");
    }

    @Test
    void accessDelaySeenInMeasurementsIsAddedToGeographicEstimates() {
        // The client is in Frankfurt behind a slow access line: fra1 measures 40 ms, 38 ms over its
        // 2 ms geographic estimate. lhr1 unmeasured (11.6 ms by distance) must not win on that.
        sample("fra1", 40.0, 3, 0);
        RouteDecision d = route(FRANKFURT, 0);
        assertThat(d.pop().name()).isEqualTo("fra1");
        assertThat(d.basis()).isEqualTo(RouteDecision.Basis.MEASURED);
        assertThat(d.backup().name()).isEqualTo("lhr1");
        double lhrGeo = RttModel.DEFAULT.rttMs(GreatCircle.km(50.1109, 8.6821, 51.5074, -0.1278));
        assertThat(d.backupRttMs()).isCloseTo(lhrGeo + 38.0, within(1e-3));
    }

    @Test
    void drainingUnhealthyAndFullPopsAreExcluded() {
        live.setPop("fra1", new PopState(true, true, 0.1));
        assertThat(route(FRANKFURT, 0).pop().name()).isEqualTo("lhr1");
        live.setPop("fra1", new PopState(false, false, 0.1));
        assertThat(route(FRANKFURT, 0).pop().name()).isEqualTo("lhr1");
        live.setPop("fra1", new PopState(true, false, 1.0));
        RouteDecision d = route(FRANKFURT, 0);
        assertThat(d.pop().name()).isEqualTo("lhr1");
        assertThat(d.backup().name()).isNotEqualTo("fra1");
        // Excluded even when measurements say it is the fastest.
        sample("fra1", 1.0, 10, 0);
        assertThat(route(FRANKFURT, 0).pop().name()).isEqualTo("lhr1");
    }

    @Test
    void heavyLoadCostsLatency() {
        live.setPop("fra1", new PopState(true, false, 0.85));
        RouteDecision light = route(FRANKFURT, 0);
        assertThat(light.pop().name()).isEqualTo("fra1"); // 2 ms + 3.1 ms penalty < lhr1's 11.6 ms
        assertThat(light.loadPenaltyMs()).isCloseTo(50 * 0.25 * 0.25, within(1e-9));
        assertThat(light.reason()).endsWith("; load penalty 3.1 ms");
        live.setPop("fra1", new PopState(true, false, 0.95));
        assertThat(route(FRANKFURT, 0).pop().name()).isEqualTo("lhr1"); // 2 + 28.1 > 11.6
        assertThat(ScoringPolicy.DEFAULT.loadPenaltyMs(0.8)).isZero();
        assertThat(ScoringPolicy.DEFAULT.loadPenaltyMs(1.0)).isInfinite();
    }

    @Test
    void unknownLocationFallsBackToTheArrivalPopThenTheLeastLoaded() {
        RouteDecision arrived = scorer.route(CENTROID, prefix, scorer.popIndex("iad1"), 0);
        assertThat(arrived.pop().name()).isEqualTo("iad1");
        assertThat(arrived.basis()).isEqualTo(RouteDecision.Basis.ARRIVAL_POP);
        assertThat(arrived.clientRttMs()).isNaN();
        assertThat(arrived.cluster().id()).isEqualTo("us-east");
        assertThat(arrived.backup()).isNotNull();
        assertThat(arrived.reason()).isEqualTo("location unknown (GeoIP accuracy radius too large: 1000 km): the PoP the request arrived at");

        for (var p : TOPOLOGY.pops()) {
            live.setPop(p.name(), new PopState(true, false, 0.5));
        }
        live.setPop("sin1", new PopState(true, false, 0.1));
        live.setPop("nrt1", new PopState(true, false, 0.2));
        live.setPop("iad1", new PopState(true, true, 0.0));
        RouteDecision fallback = scorer.route(CENTROID, prefix, scorer.popIndex("iad1"), 0);
        assertThat(fallback.pop().name()).isEqualTo("sin1");
        assertThat(fallback.backup().name()).isEqualTo("nrt1");
        assertThat(fallback.basis()).isEqualTo(RouteDecision.Basis.LEAST_LOADED);
        assertThat(fallback.reason()).contains("least-loaded");
    }

    @Test
    void unknownLocationWithMeasurementsUsesThem() {
        sample("gru1", 30.0, 2, 0);
        RouteDecision d = scorer.route(GeoLocation.NOT_IN_DATABASE, prefix, scorer.popIndex("fra1"), 0);
        assertThat(d.pop().name()).isEqualTo("gru1");
        assertThat(d.basis()).isEqualTo(RouteDecision.Basis.MEASURED);
        assertThat(d.backup()).isNotNull();
        assertThat(d.backup().name()).isNotEqualTo("gru1");
    }

    @Test
    void noCandidateAtAll() {
        for (var p : TOPOLOGY.pops()) {
            live.setPop(p.name(), new PopState(false, false, 0));
        }
        RouteDecision d = route(FRANKFURT, 0);
        assertThat(d.pop()).isNull();
        assertThat(d.basis()).isEqualTo(RouteDecision.Basis.NO_CANDIDATE);
        assertThat(d.reason()).isEqualTo("no PoP is healthy, not draining and below capacity");
    }

    @Test
    void popIndexLookups() {
        assertThat(scorer.popIndex("fra1")).isZero();
        assertThat(scorer.popIndex("nope")).isEqualTo(-1);
        assertThat(scorer.popIndexById(10)).isEqualTo(scorer.popIndex("jnb1"));
        assertThat(scorer.popIndexById(999)).isEqualTo(-1);
    }
}
