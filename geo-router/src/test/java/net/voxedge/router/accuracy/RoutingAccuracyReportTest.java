package net.voxedge.router.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import net.voxedge.router.Fixtures;
import net.voxedge.router.RouterService;
import net.voxedge.router.geo.GeoIpLocator;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.model.GreatCircle;
import net.voxedge.router.model.RttModel;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.ScoringPolicy;
import net.voxedge.router.state.InMemoryLiveState;
import net.voxedge.topology.Topology;
import org.junit.jupiter.api.Test;

class RoutingAccuracyReportTest {

    @Test
    void talliesAgainstTheNearestPop() throws Exception {
        Topology t = Fixtures.sampleTopology();
        try (GeoIpLocator geo = Fixtures.fixtureLocator()) {
            RouterService router = new RouterService(geo, new PopScorer(t, RttModel.DEFAULT, ScoringPolicy.DEFAULT,
                    new InMemoryLiveState(), new MeasuredRttTable(1, 1, 1)), () -> 0L);
            Map<String, RoutingAccuracyReport.Tally> g = RoutingAccuracyReport.run(router, t, List.of(
                    "ip,provider,region,lat,lon",
                    "192.0.2.7,a,fra,50.11,8.68",          // GeoIP Frankfurt, truly Frankfurt: right
                    "100.64.1.1,a,par,48.85,2.35",         // GeoIP Paris → lhr1, nearest to Paris: right
                    "198.51.100.1,b,nyc,40.71,-74.0",      // GeoIP London, truly New York: wrong (lhr1, not iad1)
                    "192.0.2.200,b,dc,38.9,-77.0",         // country centroid: UNKNOWN → fallback fra1: wrong
                    "2001:db8:100::1,b,syd,-33.87,151.21"));
            RoutingAccuracyReport.Tally all = g.get("0 all");
            assertThat(all.n).isEqualTo(5);
            assertThat(all.nearest).isEqualTo(3);
            assertThat(all.unknown).isEqualTo(1);
            assertThat(all.knownNearest).isEqualTo(3);
            double nyc = GreatCircle.km(40.71, -74.0, 51.5074, -0.1278) - GreatCircle.km(40.71, -74.0, 39.0438, -77.4874);
            double dc = GreatCircle.km(38.9, -77.0, 50.1109, 8.6821) - GreatCircle.km(38.9, -77.0, 39.0438, -77.4874);
            assertThat(all.extraKm / all.wrong).isCloseTo((nyc + dc) / 2, within(1e-6));
            assertThat(g.get("1 IPv4").n).isEqualTo(4);
            assertThat(g.get("2 IPv6").nearest).isEqualTo(1);
            assertThat(g.get("3 b").row("b")).isEqualTo(String.format(java.util.Locale.ROOT,
                    "| b | 3 | 33.3 %% | 50.0 %% | 33.3 %% | %.0f km | %.0f km |", (nyc + dc) / 2, nyc));
            assertThatThrownBy(() -> RoutingAccuracyReport.run(router, t, List.of("1.2.3,a,b,1,2")))
                    .hasMessageContaining("line 1: ip '1.2.3' is not an IPv4 address");
        }
    }
}
