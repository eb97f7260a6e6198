package net.voxedge.edge.interop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * libwebrtc (webrtc-java) as a WHIP client, run in a private network namespace together with the server it calls.
 *
 * <p>Why a namespace: libwebrtc never gathers 127.0.0.1, and the machine's other interfaces are not part of the test.
 * {@code unshare -n} gives a namespace with only {@code lo} and a veth pair; the client gathers on
 * {@value #CLIENT_ADDRESS} (on v0), the server listens on 127.0.0.1, and both are local there. The server must run
 * inside the same namespace, so the child JVM ({@link NamespacedWhipRun}) hosts both: the server (a
 * {@link NamespacedServer} class or a command) and one {@link LibWebRtcWhipClient} call. Needs root (or
 * CAP_SYS_ADMIN + CAP_NET_ADMIN), {@code unshare} and {@code ip}.
 *
 * <p>The result has the Chromium driver's shape ({@code {ok, errors, sessions:[call]}}), plus {@code exitCode},
 * {@code namespace} (its addresses) and, on failure, {@code serverLog} and {@code stderrTail}.
 */
public final class LibWebRtcPeer {
    /** The client's only usable address inside the namespace. */
    public static final String CLIENT_ADDRESS = "127.0.1.1";
    /** JVM start-up, server start-up and teardown, on top of the call's own connect and sampling time. */
    private static final Duration OVERHEAD = Duration.ofSeconds(60);

    /*
     * IPv6 off so only the IPv4 veth address is gathered (the veths would otherwise bring fe80:: addresses);
     * a 127.x/32 on a non-loopback link because libwebrtc skips interfaces flagged as loopback.
     */
    private static final String NAMESPACE_SETUP = String.join("\n",
            "set -e",
            "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null || true",
            "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null || true",
            "ip link set lo up",
            "ip link add v0 type veth peer name v1",
            "ip addr add " + CLIENT_ADDRESS + "/32 dev v0",
            "ip link set v1 up",
            "ip link set v0 up",
            "VOXEDGE_NETNS_INFO=\"$(ip -br addr | tr -s ' ' | tr '\\n' ';')\"",
            "export VOXEDGE_NETNS_INFO",
            "exec \"$@\"");

    private final Path scratch;

    /** @param scratch where the child's stdout/stderr files go (the caller deletes it) */
    public LibWebRtcPeer(Path scratch) {
        this.scratch = scratch;
    }

    /** A server spec for {@link #call}: a {@link NamespacedServer} class and its config. */
    public static JsonObject serverClass(Class<? extends NamespacedServer> type, JsonObject config) {
        return new JsonObject().put("className", type.getName()).put("config", config);
    }

    /** A server spec for {@link #call}: a command that prints {@code {"listening":URL}} on stdout when ready. */
    public static JsonObject serverCommand(List<String> command, Path workDir) {
        return new JsonObject().put("command", new JsonArray(new ArrayList<>(command))).put("workDir", workDir.toString());
    }

    /**
     * Starts {@code server} and one libwebrtc call to it (client keys as in {@link LibWebRtcWhipClient}, without
     * {@code url}) in a fresh namespace, and returns the JSON result. Never returns null.
     */
    public JsonObject call(JsonObject server, JsonObject client) throws IOException, InterruptedException {
        JsonObject hostConfig = new JsonObject().put("server", server).put("callsPath", "/v1/calls").put("client", client);
        Duration timeout = Duration.ofMillis(client.getLong("connectTimeoutMs", 10_000L)
                + (long) (client.getDouble("durationSec", 5.0) * 1000) + client.getLong("drainMs", 3000L)).plus(OVERHEAD);
        BoundedProcess.Result r = BoundedProcess.run(command(hostConfig), Path.of("").toAbsolutePath(), timeout, scratch);
        return PeerResult.parse(r);
    }

    /** {@code unshare -n sh -c <setup> sh <java> ... NamespacedWhipRun <config>}. */
    static List<String> command(JsonObject hostConfig) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "sh", "-c", NAMESPACE_SETUP, "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        String root = System.getProperty("voxedge.repo.root");
        if (root != null) {
            cmd.add("-Dvoxedge.repo.root=" + root);
        }
        cmd.add(NamespacedWhipRun.class.getName());
        cmd.add(hostConfig.encode());
        return cmd;
    }
}
