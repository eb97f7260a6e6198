package net.voxedge.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.router.scoring.RouteDecision;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageClass;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.topology.registry.MemberKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dev network in this JVM, no browser: offers posted at the front "from" different cities
 * (X-Forwarded-For from a trusted loopback proxy) are answered by the nearest PoP's edge, whose
 * media address is the answer's first candidate; one /metrics has every component; stopping frees
 * every port the network held.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevNetworkTest {
    private static final Pattern FIRST_CANDIDATE = Pattern.compile("a=candidate:\\S+ 1 udp (\\d+) (\\S+) (\\d+) typ host");
    private static DevNetwork net;
    private static HttpClient http;
    private static String offer;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // No GeoLite2 here: the dev sample cities alone, as on a machine that never ran scripts/fetch-geoip.
        net = DevNetwork.start(new DevNetwork.Options("127.0.0.1", 0, Path.of("/nonexistent/GeoLite2-City.mmdb")),
                progress::add);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (InputStream in = DevNetworkTest.class.getResourceAsStream("offer.sdp")) {
            offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    void progressNamesEveryComponentAndTheUrlsAreTheFronts() {
        assertThat(progress).anyMatch(l -> l.startsWith("starting edge fra1 in Frankfurt (127.0.0.2)"))
                .anyMatch(l -> l.startsWith("starting edge iad1 in Ashburn (127.0.0.3)"))
                .anyMatch(l -> l.startsWith("starting edge nrt1 in Tokyo (127.0.0.4)"))
                .anyMatch(l -> l.startsWith("starting cluster eu-central"))
                .anyMatch(l -> l.startsWith("starting cluster us-east"))
                .anyMatch(l -> l.startsWith("starting router and signaling front"))
                .anyMatch(l -> l.contains("GeoIP: the dev sample cities only"));
        assertThat(progress.stream().filter(l -> l.trim().startsWith("ready in"))).hasSize(6);
        assertThat(net.signalingUrl()).startsWith("http://127.0.0.1:").endsWith("/v1/calls");
        assertThat(net.talkUrl()).endsWith("/");
        assertThat(net.metricsUrl()).endsWith("/metrics");
    }

    @Test
    void eachCityIsAnsweredByItsNearestPopsEdge() throws Exception {
        assertRoutedTo("192.0.2.10", "fra1", "127.0.0.2");     // Frankfurt
        assertRoutedTo("192.0.2.70", "fra1", "127.0.0.2");     // London
        assertRoutedTo("198.51.100.10", "iad1", "127.0.0.3");  // Ashburn
        assertRoutedTo("198.51.100.70", "iad1", "127.0.0.3");  // San Francisco
        assertRoutedTo("203.0.113.10", "nrt1", "127.0.0.4");   // Tokyo
        assertRoutedTo("203.0.113.70", "nrt1", "127.0.0.4");   // Sydney
        // A loopback client has no location: the front's own PoP.
        assertRoutedTo(null, DevPlan.FRONT_POP, "127.0.0.2");
    }

    private static void assertRoutedTo(String from, String pop, String mediaHost) throws Exception {
        HttpResponse<String> r = post(from, "Bearer " + net.devToken());
        assertThat(r.statusCode()).as("POST from %s: %s", from, r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location").orElse("")).as("from %s", from).startsWith("/v1/calls/" + pop + "/");
        Matcher m = FIRST_CANDIDATE.matcher(r.body());
        assertThat(m.find()).as("a host candidate in %s", r.body()).isTrue();
        assertThat(m.group(2)).as("the answer's first candidate, from %s", from).isEqualTo(mediaHost);
        String media = net.edges().stream().filter(e -> e.site().name().equals(pop)).findFirst().orElseThrow().media();
        assertThat(m.group(2) + ":" + m.group(3)).isEqualTo(media);
        // The backup PoP's candidate follows at a lower priority: a different PoP.
        Matcher backup = FIRST_CANDIDATE.matcher(r.body());
        backup.find(m.end());
        assertThat(backup.group(2)).isNotEqualTo(mediaHost);
        assertThat(Long.parseLong(backup.group(1))).isLessThan(Long.parseLong(m.group(1)));
        HttpResponse<String> d = http.send(HttpRequest.newBuilder(URI.create(net.talkUrl()).resolve(
                r.headers().firstValue("Location").orElseThrow())).DELETE().header("Authorization", "Bearer " + net.devToken())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(d.statusCode()).as("DELETE through the front").isEqualTo(200);
    }

    @Test
    void theBackupPopsCandidateAnswersTheCallsChecksThroughTheRelay() throws Exception {
        HttpResponse<String> r = post("203.0.113.10", "Bearer " + net.devToken()); // Tokyo: nrt1, backup elsewhere
        assertThat(r.statusCode()).as("POST: %s", r.body()).isEqualTo(201);
        String ufrag = sdpValue(r.body(), "a=ice-ufrag:");
        String pwd = sdpValue(r.body(), "a=ice-pwd:");
        Matcher m = FIRST_CANDIDATE.matcher(r.body());
        assertThat(m.find()).isTrue();
        Matcher backup = FIRST_CANDIDATE.matcher(r.body());
        assertThat(backup.find(m.end())).as("a backup candidate in %s", r.body()).isTrue();
        java.net.InetSocketAddress backupAddr = new java.net.InetSocketAddress(backup.group(2),
                Integer.parseInt(backup.group(3)));
        assertThat(backup.group(2)).isNotEqualTo(m.group(2));
        try (java.net.DatagramSocket client = new java.net.DatagramSocket(
                new java.net.InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(2000);
            byte[] reply = null;
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1500], 1500);
            // Only the backup PoP's address is used: its edge relays the check to the owner (nrt1) and back.
            for (int attempt = 0; attempt < 5 && reply == null; attempt++) {
                byte[] check = StunCheck.as(ufrag + ":" + sdpValue(offer, "a=ice-ufrag:"), pwd)
                        .nominate().build();
                client.send(new java.net.DatagramPacket(check, check.length, backupAddr));
                try {
                    client.receive(p);
                    reply = java.util.Arrays.copyOf(p.getData(), p.getLength());
                } catch (java.net.SocketTimeoutException e) {
                    // retransmit, as ICE does
                }
            }
            assertThat(reply).as("a binding response through the backup PoP %s", backupAddr).isNotNull();
            assertThat(p.getSocketAddress()).isEqualTo(backupAddr);
            StunMessage stun = new StunMessage();
            assertThat(stun.parse(reply, 0, reply.length)).isEqualTo(StunParseResult.OK);
            assertThat(stun.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
            assertThat(stun.xorMappedPort()).as("the client's own port, not the relay's").isEqualTo(client.getLocalPort());
        }
        HttpResponse<String> d = http.send(HttpRequest.newBuilder(URI.create(net.talkUrl()).resolve(
                r.headers().firstValue("Location").orElseThrow())).DELETE().header("Authorization", "Bearer " + net.devToken())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(d.statusCode()).isEqualTo(200);
    }

    private static String sdpValue(String sdp, String prefix) {
        return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).trim();
    }

    @Test
    void theRoutersClusterIsTheOneTheChosenEdgeUsesWithMeasuredBackboneRttsPresent() throws Exception {
        // Wait (bounded) until every edge has published its measured backbone round trips: the dev
        // router sees them as they are (on loopback they are noise, so it may pick either cluster).
        for (int i = 0; i < 200 && !everyEdgePublishedBackboneRtts(); i++) {
            Thread.sleep(50);
        }
        assertThat(everyEdgePublishedBackboneRtts()).as("backbone RTTs in the registry").isTrue();
        List<String> clusterNames = DevPlan.CLUSTERS.stream().map(DevSite::name).toList();
        for (DevCity city : DevPlan.CITIES) {
            byte[] addr = java.net.InetAddress.getByName(city.sample()).getAddress();
            var d = net.router().route(addr, addr.length, 0);
            assertThat(d.backboneBasis()).as("%s via %s: %s", city.label(), d.pop().name(), d.clusterReason())
                    .isEqualTo(RouteDecision.BackboneBasis.MEASURED);

            // A call through the front: the edge it lands on takes the router's cluster and says so.
            List<double[]> before = net.edges().stream().map(DevNetworkTest::clusterChoices).toList();
            HttpResponse<String> r = post(city.sample(), "Bearer " + net.devToken());
            assertThat(r.statusCode()).as("POST from %s: %s", city.label(), r.body()).isEqualTo(201);
            String location = r.headers().firstValue("Location").orElseThrow();
            String[] path = location.split("/"); // "", v1, calls, pop, id
            DevNetwork.EdgeNode edge = net.edges().stream().filter(e -> e.site().name().equals(path[3])).findFirst()
                    .orElseThrow();
            String shown = r.headers().firstValue("X-Voxedge-Cluster").orElseThrow();
            EdgeSession session = edge.daemon().sessions().registry().byCallId(path[4]);
            assertThat(session).as("the call at %s's edge", path[3]).isNotNull();
            assertThat(session.placement().name()).as("the cluster %s's edge sends the call to", path[3])
                    .isEqualTo(shown).isIn(clusterNames);
            // The edge took the router's cluster (the front's token named it), not its own order.
            int at = net.edges().indexOf(edge);
            double[] after = clusterChoices(edge);
            assertThat(after[0] - before.get(at)[0]).as("router choices at %s", path[3]).isEqualTo(1.0);
            assertThat(after[1] - before.get(at)[1]).as("own-order choices at %s", path[3]).isZero();
            HttpResponse<String> del = http.send(HttpRequest.newBuilder(URI.create(net.talkUrl()).resolve(location))
                    .DELETE().header("Authorization", "Bearer " + net.devToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(del.statusCode()).isEqualTo(200);
        }
    }

    /** An edge's sessions placed by the router's cluster [0] and by its own order [1], so far. */
    private static double[] clusterChoices(DevNetwork.EdgeNode edge) {
        double router = 0;
        double own = 0;
        for (var c : edge.daemon().metrics().registry().find("voxedge_backbone_cluster_choice_total").counters()) {
            if ("router".equals(c.getId().getTag("choice"))) {
                router += c.count();
            } else {
                own += c.count();
            }
        }
        return new double[] {router, own};
    }

    private static boolean everyEdgePublishedBackboneRtts() {
        return net.registry().state().members().values().stream()
                .filter(m -> m.member().kind() == MemberKind.EDGE)
                .filter(m -> m.latency().isPresent() && !m.latency().get().backbone().isEmpty())
                .count() == DevPlan.POPS.size();
    }

    @Test
    void theFrontRefusesACallWithoutTheRunsToken() throws Exception {
        assertThat(post("203.0.113.10", null).statusCode()).isEqualTo(401);
        String forged = net.devToken().substring(0, net.devToken().lastIndexOf('.') + 1) + "AAAA";
        assertThat(post("203.0.113.10", "Bearer " + forged).statusCode()).isEqualTo(401);
    }

    @Test
    void oneMetricsUrlCarriesEveryComponentOnceLabelled() throws Exception {
        String scrape = get(net.metricsUrl());
        for (String c : List.of("front", "edge-fra1", "edge-iad1", "edge-nrt1", "gateway-eu-central", "gateway-us-east")) {
            assertThat(scrape).as("component %s", c).contains("{component=\"" + c + "\"");
        }
        // One description per family, every edge's sample under it.
        assertThat(Pattern.compile("^# TYPE voxedge_sessions_active ", Pattern.MULTILINE).matcher(scrape).results().count())
                .isEqualTo(1);
        for (String pop : List.of("fra1", "iad1", "nrt1")) {
            assertThat(scrape).containsPattern("(?m)^voxedge_sessions_active\\{component=\"edge-" + pop + "\"} ");
        }
    }

    @Test
    void theTalkPageAndTheNetworkItDescribes() throws Exception {
        String page = get(net.talkUrl());
        assertThat(page).contains("window.voxedgeTalk").contains("id=\"call\"").contains("id=\"from\"")
                .doesNotContain("https://"); // no CDN: the page works offline
        JsonObject n = new JsonObject(get(URI.create(net.talkUrl()).resolve("/dev/network").toString()));
        assertThat(n.getJsonArray("pops").size()).isEqualTo(3);
        assertThat(n.getJsonArray("pops").getJsonObject(2).getString("media")).startsWith("127.0.0.4:");
        // Tokyo's edge's own order (its fallback): the cluster nearest it first.
        assertThat(n.getJsonArray("pops").getJsonObject(2).getJsonArray("clusters").getList())
                .containsExactly("eu-central", "us-east");
        assertThat(n.getJsonArray("pops").getJsonObject(2).containsKey("cluster")).isFalse();
        assertThat(n.getJsonArray("cities").size()).isEqualTo(DevPlan.CITIES.size());
        assertThat(get(URI.create(net.talkUrl()).resolve("/dev/token").toString())).isEqualTo(net.devToken());
    }

    private static HttpResponse<String> post(String from, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(net.signalingUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(offer));
        if (from != null) {
            b.header("X-Forwarded-For", from);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }
}
