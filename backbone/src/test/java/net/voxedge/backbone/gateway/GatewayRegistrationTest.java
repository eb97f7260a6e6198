package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.voxedge.topology.registry.InProcessRegistry;
import net.voxedge.topology.registry.Member;
import net.voxedge.topology.registry.MemberKind;
import net.voxedge.topology.registry.MemberState;
import org.junit.jupiter.api.Test;

class GatewayRegistrationTest {
    private static int activeOf(InProcessRegistry registry) {
        return registry.state().member("gateway-c1").flatMap(MemberState::load).map(l -> l.activeSessions()).orElse(-1);
    }

    @Test
    void registersAsAGatewayPublishesItsLoadAndDeregisters() throws Exception {
        Vertx vertx = Vertx.vertx();
        InProcessRegistry registry = new InProcessRegistry(vertx, new SimpleMeterRegistry());
        AtomicInteger active = new AtomicInteger(3);
        Member me = Member.of("gateway-c1", MemberKind.GATEWAY, "c1", "c1-gw", "127.0.0.1", 7400);
        try (GatewayRegistration r = new GatewayRegistration(vertx, registry, me, active::get, 40)) {
            TestEdge.await(() -> activeOf(registry) == 3, "the load published");
            MemberState s = registry.state().members().get("gateway-c1");
            assertThat(s.member().kind()).isEqualTo(MemberKind.GATEWAY);
            assertThat(s.load().orElseThrow().capacity()).isEqualTo(40);
            active.set(5);
            TestEdge.await(() -> activeOf(registry) == 5, "the new load");
        }
        assertThat(registry.state().members()).doesNotContainKey("gateway-c1");
        registry.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }
}
