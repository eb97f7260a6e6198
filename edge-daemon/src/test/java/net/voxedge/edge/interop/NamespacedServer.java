package net.voxedge.edge.interop;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * A WHIP server that {@link LibWebRtcPeer} starts inside the client's private network namespace, so libwebrtc
 * (which only gathers on the namespace's veth address) can reach it. Implementations need a public no-argument
 * constructor; the edge daemon's adapter will start the daemon in-process on 127.0.0.1.
 */
public interface NamespacedServer extends AutoCloseable {

    /**
     * Starts serving in the current (namespaced) process and returns the base URL, e.g. {@code http://127.0.0.1:8080}.
     *
     * @param config the {@code server.config} object given to {@link LibWebRtcPeer}
     */
    URI start(JsonObject config) throws Exception;

    /**
     * What the server itself observed, asked after the call ended and before {@link #close()}; the result carries
     * it as {@code server}. A server that reports nothing returns an empty object.
     */
    default JsonObject report() throws Exception {
        return new JsonObject();
    }

    /** What the server logged, added to a failed result to explain it. */
    default String diagnostics() {
        return "";
    }
}
