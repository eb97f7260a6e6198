package net.voxedge.edge.interop;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The werift echo stand-in as a {@link NamespacedServer}. Config: {@code host} ("127.0.0.1"), {@code token}.
 */
public final class WeriftEchoNamespacedServer implements NamespacedServer {
    private ScratchDir scratch;
    private WhipEchoWerift echo;

    @Override
    public URI start(JsonObject config) throws Exception {
        scratch = ScratchDir.create("voxedge-whip-echo-");
        echo = WhipEchoWerift.start(config.getString("host", "127.0.0.1"), config.getString("token"),
                scratch.resolve("whip-echo.log"));
        return echo.callsUrl().resolve("/");
    }

    @Override
    public String diagnostics() {
        return echo == null ? "" : echo.stderrTail();
    }

    @Override
    public void close() throws Exception {
        if (echo != null) {
            echo.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }
}
