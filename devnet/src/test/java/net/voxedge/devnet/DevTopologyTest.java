package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.voxedge.topology.Topology;
import net.voxedge.topology.TopologyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTopologyTest {

    @Test
    void theWrittenFilePassesTheProductionLoaderWithEverySite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("topology.conf");
        Files.writeString(file, DevTopology.hocon(DevPlan.POPS, DevPlan.CLUSTERS,
                Map.of("fra1", "127.0.0.2:40000", "iad1", "127.0.0.3:40001", "nrt1", "127.0.0.4:40002"),
                Map.of("eu-central", "127.0.0.5:41000", "us-east", "127.0.0.6:41001")));
        Topology t = TopologyLoader.load(file);
        assertThat(t.pops()).hasSize(3);
        assertThat(t.clusters()).hasSize(2);
        assertThat(t.links()).hasSize(6);
        assertThat(t.pop("nrt1").orElseThrow().mediaAddresses().toString()).contains("127.0.0.4").contains("40002");
        assertThat(t.key("client-auth")).isPresent();
        assertThat(t.key("internal-signaling")).isPresent();
    }

    @Test
    void eachEdgeTriesTheNearestClusterFirst() {
        assertThat(DevTopology.clustersByDistance(DevPlan.POPS.get(0), DevPlan.CLUSTERS).get(0).name()).isEqualTo("eu-central");
        assertThat(DevTopology.clustersByDistance(DevPlan.POPS.get(1), DevPlan.CLUSTERS).get(0).name()).isEqualTo("us-east");
        // Tokyo–Frankfurt 9,300 km, Tokyo–Ashburn 10,900 km.
        assertThat(DevTopology.clustersByDistance(DevPlan.POPS.get(2), DevPlan.CLUSTERS).get(0).name()).isEqualTo("eu-central");
    }

    @Test
    void backboneDelaysFollowDistanceWithAFloor() {
        DevSite fra = DevPlan.POPS.get(0);
        assertThat(DevTopology.oneWayMs(fra, DevPlan.CLUSTERS.get(0))).isEqualTo(0.5);
        // Frankfurt–Ashburn ≈ 6,600 km × 1.4 / 200 km/ms ≈ 46 ms (the sample topology's fra1–us-east figure).
        assertThat(DevTopology.oneWayMs(fra, DevPlan.CLUSTERS.get(1))).isBetween(45.0, 47.5);
    }

    @Test
    void linkIdsAreTheEdgesDocumentedDefaultAndUniquePerEdgeAndCluster() {
        DevSite nrt = DevPlan.POPS.get(2);
        assertThat(DevNetwork.linkId(nrt, DevPlan.CLUSTERS.get(0))).isEqualTo(3 << 16 | 1 << 8 | 1);
        assertThat(DevNetwork.linkId(nrt, DevPlan.CLUSTERS.get(1))).isEqualTo(3 << 16 | 1 << 8 | 2);
        assertThat(DevPlan.POPS.stream().flatMap(p -> DevPlan.CLUSTERS.stream().map(c -> DevNetwork.linkId(p, c)))
                .distinct().count()).isEqualTo(6);
    }
}
