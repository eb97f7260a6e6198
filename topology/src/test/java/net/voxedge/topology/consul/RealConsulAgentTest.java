package net.voxedge.topology.consul;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.voxedge.topology.registry.Await;
import net.voxedge.topology.registry.LiveRegistry;
import net.voxedge.topology.registry.LiveRegistryScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The ConsulRegistry scenarios and the API conformance tests against a real {@code consul agent -dev}
 * (skipped when {@code consul} is not on PATH): what keeps the stand-in honest.
 */
class RealConsulAgentTest extends LiveRegistryScenarios {

    private static RealConsulAgent agent;
    private Vertx vertx;
    private ConsulRegistry member;
    private ConsulRegistry watcher;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = RealConsulAgent.startOrSkip();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        member = ConsulRegistry.create(vertx, ConsulRegistryTest.testOptions(agent.httpPort).withWatch(false), new SimpleMeterRegistry());
        watcher = ConsulRegistry.create(vertx, ConsulRegistryTest.testOptions(agent.httpPort), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        Await.join(member.close());
        Await.join(watcher.close());
        Await.join(vertx.close());
        // Scenarios reuse member ids: leave the agent empty for the next one.
        ConsulHttp c = new ConsulHttp(agent.baseUrl());
        new JsonArray(c.get("/v1/health/service/" + ConsulLayout.SERVICE).body()).forEach(e ->
                c.put("/v1/agent/service/deregister/" + ((JsonObject) e).getJsonObject("Service").getString("ID"), ""));
        c.delete("/v1/kv/" + ConsulLayout.KV_ROOT + "?recurse");
    }

    @Override
    protected LiveRegistry memberSide() {
        return member;
    }

    @Override
    protected LiveRegistry watcherSide() {
        return watcher;
    }

    /** The HTTP API conformance tests, against the same agent. */
    @Nested
    class Conformance extends ConsulApiConformance {
        @Override
        protected String baseUrl() {
            return agent.baseUrl();
        }
    }
}
