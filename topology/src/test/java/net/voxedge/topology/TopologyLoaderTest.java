package net.voxedge.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

class TopologyLoaderTest {

    @TempDir
    Path dir;

    /** The smallest valid topology; each bad-file test changes one line of it. */
    private static final String VALID = """
            regions = [
              { id = eu, name = "Europe" }
              { id = na, name = "North America" }
            ]
            pops = [
              {
                id = 1
                name = fra1
                region = eu
                city = "Frankfurt"
                lat = 50.11
                lon = 8.68
                media = ["198.51.100.10:3478", "[2001:db8:1::10]:3478"]
                signaling-url = "https://fra1.rtc.example.net/v1/calls"
                capacity = 20000
                hosts = [ { id = 0, name = fra1-h0, bind = "10.1.0.1:3478" } ]
              }
              {
                id = 2
                name = iad1
                region = na
                city = "Ashburn"
                lat = 39.04
                lon = -77.49
                media = ["198.51.100.11:3478"]
                signaling-url = "https://iad1.rtc.example.net/v1/calls"
                capacity = 10000
                hosts = [ { id = 0, name = iad1-h0, bind = "10.2.0.1:3478" } ]
              }
            ]
            clusters = [
              { id = eu-central, name = "EU Central", city = "Frankfurt", lat = 50.11, lon = 8.68, gateways = ["203.0.113.10:7000"] }
            ]
            links = [
              { from = fra1, to = eu-central, one-way-ms = 0.5 }
              { from = iad1, to = eu-central, one-way-ms = 46.3 }
            ]
            anycast = [
              { address = "192.0.2.1", pops = [fra1, iad1] }
            ]
            keys = [
              { name = routing-token, env = VOXEDGE_ROUTING_TOKEN_KEY }
              { name = backbone-psk, file = "/etc/voxedge/keys/backbone.psk" }
            ]
            """;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path sample() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sample/topology.conf")) {
            assertThat(in).as("sample/topology.conf on the classpath").isNotNull();
            return write("sample.conf", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** 1-based number of the first line of {@code text} containing {@code needle}. */
    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + needle);
    }

    /**
     * Replaces {@code from} with {@code to} in the valid file, loads it, and expects a problem on
     * the line of {@code lineNeedle} (in the changed text) naming {@code field}.
     */
    private TopologyException.Problem expectProblem(String from, String to, String lineNeedle, String field,
                                                    String messagePart) throws IOException {
        assertThat(VALID).contains(from);
        String text = VALID.replace(from, to);
        Path file = write("bad.conf", text);
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));
        assertThat(e).as("loading a file with %s", to).isNotNull();
        int line = lineOf(text, lineNeedle);
        assertThat(e.problems()).as(e.getMessage())
                .anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo(file.toString());
                    assertThat(p.line()).isEqualTo(line);
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.message()).contains(messagePart);
                });
        assertThat(e.getMessage()).contains(file + ":" + line + ": " + field + ": ");
        return e.problems().stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow();
    }

    @Test
    void sampleLoadsWithTheExpectedShape() throws Exception {
        Topology t = TopologyLoader.load(sample());

        assertThat(t.pops()).hasSize(10);
        assertThat(t.clusters()).extracting(Cluster::id).containsExactly("us-east", "eu-central", "ap-southeast");
        assertThat(t.regions()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(t.pops()).extracting(Pop::region).contains("eu", "na", "sa", "af", "as", "oc");
        assertThat(t.links()).hasSize(10 * 2 + 3);
        assertThat(t.anycast()).hasSize(2);
        assertThat(t.anycast().getFirst().pops()).hasSize(10);
        assertThat(t.keys()).extracting(KeyRef::name).contains("routing-token");

        Pop fra1 = t.pop("fra1").orElseThrow();
        assertThat(fra1.id()).isEqualTo(1);
        assertThat(fra1.city()).isEqualTo("Frankfurt");
        assertThat(fra1.lat()).isEqualTo(50.1109);
        assertThat(fra1.lon()).isEqualTo(8.6821);
        assertThat(fra1.mediaAddresses()).containsExactly(
                new InetSocketAddress(InetAddress.ofLiteral("198.51.100.10"), 3478),
                new InetSocketAddress(InetAddress.ofLiteral("2001:db8:1::10"), 3478));
        assertThat(fra1.signalingUrl()).isEqualTo(URI.create("https://fra1.rtc.example.net/v1/calls"));
        assertThat(fra1.hosts()).extracting(Host::id).containsExactly(0, 1);
        assertThat(t.pop(1)).contains(fra1);
        assertThat(t.linksOf("fra1")).extracting(BackboneLink::to).contains("eu-central");
        assertThat(t.key("routing-token").orElseThrow())
                .isEqualTo(new KeyRef("routing-token", KeyRef.Source.ENV, "VOXEDGE_ROUTING_TOKEN_KEY"));
    }

    @Test
    void readmeExampleLoads() throws Exception {
        Path readme = Path.of(System.getProperty("voxedge.repo.root", ".."), "topology", "README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("```hocon\n") + "```hocon\n".length();
        String example = text.substring(start, text.indexOf("```", start));
        Topology t = TopologyLoader.load(write("readme.conf", example));
        assertThat(t.pops()).extracting(Pop::name).containsExactly("fra1");
        assertThat(t.keys()).hasSize(2);
    }

    @Test
    void validMinimalFileLoads() throws Exception {
        Topology t = TopologyLoader.load(write("ok.conf", VALID));
        assertThat(t.pops()).extracting(Pop::name).containsExactly("fra1", "iad1");
        assertThat(t.key("backbone-psk").orElseThrow().source()).isEqualTo(KeyRef.Source.FILE);
        assertThat(t.cluster("eu-central").orElseThrow().gateways()).hasSize(1);
    }

    @Test
    void modelListsAreImmutable() throws Exception {
        Topology t = TopologyLoader.load(write("ok.conf", VALID));
        assertThatThrownBy(() -> t.pops().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> t.pops().getFirst().hosts().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void latitudeOutOfRange() throws Exception {
        TopologyException.Problem p = expectProblem("lat = 39.04", "lat = 123.0", "lat = 123.0", "pops[1].lat",
                "must be between -90 and 90 (got 123.0)");
        assertThat(p.toString()).endsWith("bad.conf:" + p.line() + ": pops[1].lat: must be between -90 and 90 (got 123.0)");
    }

    @Test
    void longitudeOutOfRange() throws Exception {
        expectProblem("lon = 8.68\n", "lon = 181\n", "lon = 181", "pops[0].lon", "between -180 and 180");
    }

    @Test
    void missingRequiredFieldNamesTheObjectsLine() throws Exception {
        // The field is gone, so the line is where its object starts.
        TopologyException e = catchThrowableOfType(TopologyException.class,
                () -> TopologyLoader.load(write("bad.conf", VALID.replace("    city = \"Ashburn\"\n", ""))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("pops[1].city");
            assertThat(p.message()).contains("required");
            assertThat(p.line()).isEqualTo(lineOf(VALID, "id = 2") - 1);
        });
    }

    @Test
    void wrongType() throws Exception {
        expectProblem("capacity = 20000", "capacity = \"lots\"", "capacity = \"lots\"", "pops[0].capacity", "must be a number");
    }

    @Test
    void popIdOutOfRange() throws Exception {
        expectProblem("id = 2\n", "id = 65536\n", "id = 65536", "pops[1].id", "between 0 and 65535");
    }

    @Test
    void popIdMustBeWhole() throws Exception {
        expectProblem("id = 2\n", "id = 2.5\n", "id = 2.5", "pops[1].id", "whole number");
    }

    @Test
    void hostIdOutOfRange() throws Exception {
        expectProblem("{ id = 0, name = iad1-h0", "{ id = 256, name = iad1-h0", "id = 256", "pops[1].hosts[0].id", "between 0 and 255");
    }

    @Test
    void mediaPortOutOfRange() throws Exception {
        expectProblem("\"198.51.100.11:3478\"", "\"198.51.100.11:70000\"", "70000", "pops[1].media[0]", "port must be between 1 and 65535");
    }

    @Test
    void mediaAddressMustBeAnIpLiteral() throws Exception {
        expectProblem("\"198.51.100.11:3478\"", "\"media.example.net:3478\"", "media.example.net", "pops[1].media[0]", "not a host name");
    }

    @Test
    void ipv6MediaAddressNeedsBrackets() throws Exception {
        expectProblem("\"[2001:db8:1::10]:3478\"", "\"2001:db8:1::10:3478\"", "2001:db8:1::10:3478", "pops[0].media[1]", "needs brackets");
    }

    @Test
    void hostBindMustBeIpPort() throws Exception {
        expectProblem("bind = \"10.2.0.1:3478\"", "bind = \"10.2.0.1\"", "bind = \"10.2.0.1\"", "pops[1].hosts[0].bind", "ip:port");
    }

    @Test
    void signalingUrlMustBeHttps() throws Exception {
        expectProblem("\"https://iad1.rtc.example.net/v1/calls\"", "\"http://iad1.rtc.example.net/v1/calls\"",
                "http://iad1", "pops[1].signaling-url", "https://");
    }

    @Test
    void duplicatePopId() throws Exception {
        expectProblem("id = 2\n", "id = 1 # here\n", "# here", "pops[1].id", "duplicate PoP id 1");
    }

    @Test
    void duplicatePopName() throws Exception {
        expectProblem("name = iad1\n", "name = fra1 # here\n", "# here", "pops[1].name", "already used by pops[0].name");
    }

    @Test
    void duplicateHostName() throws Exception {
        expectProblem("name = iad1-h0", "name = fra1-h0", "10.2.0.1", "pops[1].hosts[0].name", "duplicate host name");
    }

    @Test
    void duplicateMediaAddressAcrossPops() throws Exception {
        expectProblem("media = [\"198.51.100.11:3478\"]", "media = [\"198.51.100.10:3478\"]", "media = [\"198.51.100.10:3478\"]",
                "pops[1].media", "duplicate media address");
    }

    @Test
    void popRegionMustExist() throws Exception {
        expectProblem("region = na", "region = sa", "region = sa", "pops[1].region", "no region with id \"sa\"");
    }

    @Test
    void linkEndMustExist() throws Exception {
        expectProblem("{ from = iad1, to = eu-central", "{ from = iad1, to = us-east", "to = us-east", "links[1].to", "no PoP or cluster named \"us-east\"");
    }

    @Test
    void linkLatencyMustBePositive() throws Exception {
        expectProblem("one-way-ms = 46.3", "one-way-ms = 0 # here\n", "# here", "links[1].one-way-ms", "between");
    }

    @Test
    void duplicateLinkInEitherDirection() throws Exception {
        expectProblem("{ from = iad1, to = eu-central", "{ from = eu-central, to = fra1", "to = fra1", "links[1].to", "duplicate link");
    }

    @Test
    void anycastPopMustExist() throws Exception {
        expectProblem("pops = [fra1, iad1]", "pops = [fra1, sfo1]", "pops = [fra1, sfo1]", "anycast[0].pops[1]", "no PoP named \"sfo1\"");
    }

    @Test
    void anycastAddressMustBeAnIpLiteral() throws Exception {
        expectProblem("address = \"192.0.2.1\"", "address = \"rtc.example.net\" # here\n", "# here", "anycast[0].address", "not a host name");
    }

    @Test
    void inlineSecretIsRejected() throws Exception {
        expectProblem("{ name = routing-token, env = VOXEDGE_ROUTING_TOKEN_KEY }",
                "{ name = routing-token, secret = \"c2VjcmV0\" }", "c2VjcmV0", "keys[0].secret", "use file = ");
    }

    @Test
    void keyNeedsExactlyOneSource() throws Exception {
        expectProblem("env = VOXEDGE_ROUTING_TOKEN_KEY }", "env = VOXEDGE_ROUTING_TOKEN_KEY, file = \"/k\" }",
                "routing-token", "keys[0]", "exactly one of file or env (got both)");
        expectProblem("{ name = backbone-psk, file = \"/etc/voxedge/keys/backbone.psk\" }", "{ name = backbone-psk }",
                "backbone-psk", "keys[1]", "(got neither)");
    }

    @Test
    void keyEnvMustBeAVariableName() throws Exception {
        expectProblem("env = VOXEDGE_ROUTING_TOKEN_KEY", "env = \"not a var\"", "not a var", "keys[0].env", "environment variable name");
    }

    @Test
    void unknownFieldIsATypoNotADefault() throws Exception {
        expectProblem("capacity = 10000", "capacty = 10000", "capacty", "pops[1].capacty", "unknown field");
    }

    @Test
    void emptyPopListIsRejected() throws Exception {
        String text = "regions = [ { id = eu, name = E } ]\npops = []\nclusters = []\n";
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write("empty.conf", text)));
        assertThat(e.problems()).extracting(TopologyException.Problem::field).contains("pops", "clusters");
        assertThat(e.problems()).filteredOn(p -> p.field().equals("pops")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(2));
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() throws Exception {
        String text = VALID.replace("lat = 39.04", "lat = 123.0").replace("region = na", "region = sa");
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write("two.conf", text)));
        assertThat(e.getMessage().lines()).hasSize(2);
        assertThat(e.getMessage().lines().toList().getFirst()).contains("pops[1].region");
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        String text = VALID.replace("capacity = 20000", "capacity = 20000 }}}");
        Path file = write("syntax.conf", text);
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.line()).isEqualTo(lineOf(text, "}}}"));
            assertThat(p.message()).startsWith("syntax: ");
        });
    }

    @Test
    void truncatedFilesGiveATopologyException() throws Exception {
        // Every prefix of the valid file: either it loads (it can't, pops etc. go missing) or a clean error.
        for (int len = 0; len < VALID.length(); len += 7) {
            Path file = write("truncated.conf", VALID.substring(0, len));
            try {
                TopologyLoader.load(file);
                fail("a truncated file loaded: " + len + " chars");
            } catch (TopologyException e) {
                assertThat(e.problems()).isNotEmpty();
                assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
            }
        }
    }

    @Test
    void garbageGivesATopologyException() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            Path file = dir.resolve("garbage.conf");
            Files.write(file, bytes);
            assertThatThrownBy(() -> TopologyLoader.load(file)).isInstanceOf(TopologyException.class);
        }
        for (String text : List.of("", "{", "}", "[", "pops = ", "pops = 3", "pops = [1, 2]", "pops = [{}]",
                "a = ${b}", "a = ${?HOME}\npops = []", "include \"/etc/passwd\"", "x = [\"\\u0000\"]",
                "regions = {}", "\u0000\u0001\u0002", "pops = [{ id = 1e400 }]", "pops = [{ id = -1e30 }]")) {
            Path file = write("odd.conf", text);
            assertThatThrownBy(() -> TopologyLoader.load(file)).as(text).isInstanceOf(TopologyException.class);
        }
    }

    @Test
    void environmentIsNotASubstitutionSource() throws Exception {
        // ${PATH} would resolve from the environment by default: that's how a secret could slip in.
        Path file = write("env.conf", VALID.replace("city = \"Frankfurt\"\n", "city = ${PATH}\n"));
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));
        assertThat(e.getMessage()).contains("PATH");
    }

    @Test
    void missingFileNamesTheFile() {
        Path file = dir.resolve("nope.conf");
        TopologyException e = catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));
        assertThat(e.getMessage()).startsWith(file + ":0: ").contains("no such file");
    }
}
