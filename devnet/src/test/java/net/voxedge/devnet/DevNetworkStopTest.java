package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping releases every address the network bound; a taken front port is refused with advice; a
 * drained PoP's state reaches the router through the shared registry, as it does through Consul.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevNetworkStopTest {

    @Test
    void closeFreesEveryPortAndIsIdempotent() throws Exception {
        DevNetwork net = DevNetwork.start(new DevNetwork.Options("127.0.0.1", 0, Path.of("/nonexistent")), l -> { });
        int front = URI.create(net.talkUrl()).getPort();
        List<String[]> udp = new ArrayList<>();
        List<String[]> tcp = new ArrayList<>();
        for (DevNetwork.EdgeNode e : net.edges()) {
            udp.add(e.media().split(":"));
            InetSocketAddress t = e.daemon().backbone().localAddress();
            udp.add(new String[] {t.getAddress().getHostAddress(), Integer.toString(t.getPort())});
            URI s = URI.create(e.daemon().baseUrl());
            tcp.add(new String[] {s.getHost(), Integer.toString(s.getPort())});
        }
        for (DevNetwork.ClusterNode c : net.clusters()) {
            InetSocketAddress g = c.gateway().localAddress();
            udp.add(new String[] {g.getAddress().getHostAddress(), Integer.toString(g.getPort())});
            URI m = URI.create(c.modelUrl());
            tcp.add(new String[] {m.getHost(), Integer.toString(m.getPort())});
        }
        assertThat(MainJobChromiumTest.tcpFree(front)).as("front port while running").isFalse();
        assertThat(MainJobChromiumTest.udpFree(udp.get(0)[0], Integer.parseInt(udp.get(0)[1]))).as("media port while running").isFalse();

        net.close();
        net.close();

        assertThat(MainJobChromiumTest.tcpFree(front)).as("front port %d", front).isTrue();
        for (String[] a : udp) {
            assertThat(MainJobChromiumTest.udpFree(a[0], Integer.parseInt(a[1]))).as("udp %s:%s", a[0], a[1]).isTrue();
        }
        for (String[] a : tcp) {
            assertThat(tcpFree(a[0], Integer.parseInt(a[1]))).as("tcp %s:%s", a[0], a[1]).isTrue();
        }
    }

    @Test
    void aDrainedPopTakesNoNewCallsTheRouterSendsThemToTheNextNearest() throws Exception {
        String offer;
        try (java.io.InputStream in = getClass().getResourceAsStream("offer.sdp")) {
            offer = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (DevNetwork net = DevNetwork.start(new DevNetwork.Options("127.0.0.1", 0, Path.of("/nonexistent")), l -> { });
             java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpRequest tokyo = java.net.http.HttpRequest.newBuilder(URI.create(net.signalingUrl()))
                    .header("Content-Type", "application/sdp").header("Authorization", "Bearer " + net.devToken())
                    .header("X-Forwarded-For", "203.0.113.10").POST(java.net.http.HttpRequest.BodyPublishers.ofString(offer))
                    .build();
            assertThat(http.send(tokyo, java.net.http.HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).startsWith("/v1/calls/nrt1/"));

            net.edges().get(2).daemon().drain();

            // The drain travels edge -> registry -> router asynchronously: a bounded wait for it.
            String location = "";
            for (int i = 0; i < 100 && !location.startsWith("/v1/calls/fra1/"); i++) {
                var r = http.send(tokyo, java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                location = r.headers().firstValue("Location").orElse("");
                if (!location.startsWith("/v1/calls/fra1/")) {
                    Thread.sleep(50);
                }
            }
            // Tokyo's next nearest PoP is Frankfurt (9,300 km; Ashburn is 10,900 km).
            assertThat(location).startsWith("/v1/calls/fra1/");
        }
    }

    @Test
    void aTakenFrontPortIsRefusedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            List<String> progress = new ArrayList<>();
            assertThatThrownBy(() -> DevNetwork.start(new DevNetwork.Options("127.0.0.1", taken.getLocalPort(),
                    Path.of("/nonexistent")), progress::add))
                    .isInstanceOf(DevNetworkException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " is not free")
                    .hasMessageContaining("--port=");
            assertThat(progress).isEmpty();
        }
    }

    private static boolean tcpFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
