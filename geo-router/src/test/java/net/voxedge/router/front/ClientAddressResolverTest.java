package net.voxedge.router.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose address a request is: the peer, or X-Forwarded-For walked from the right past trusted proxies. */
class ClientAddressResolverTest {
    private static final byte[] PROXY = {10, 0, 0, 5};
    private static final byte[] STRANGER = {(byte) 198, 51, 100, 9};
    private final ClientAddressResolver resolver = new ClientAddressResolver(
            TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8:ff::/48"), "t", new ArrayList<>()));

    private ClientAddress from(byte[] peer, String... xff) {
        return resolver.resolve(peer, peer.length, List.of(xff));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        ClientAddress a = from(STRANGER, "192.0.2.7");
        assertThat(a.source()).isEqualTo(ClientAddress.Source.PEER);
        assertThat(a.text()).isEqualTo("198.51.100.9");
        assertThat(a.ignored()).isEqualTo(ForwardedForProblem.NONE);
    }

    @Test
    void aTrustedProxysRightMostUntrustedEntryIsTheClient() {
        assertThat(from(PROXY, "192.0.2.7").text()).isEqualTo("192.0.2.7");
        // The client wrote "6.6.6.6"; our proxies appended the real address and one another.
        ClientAddress a = from(PROXY, "6.6.6.6, 192.0.2.7, 10.1.2.3");
        assertThat(a.text()).isEqualTo("192.0.2.7");
        assertThat(a.source()).isEqualTo(ClientAddress.Source.FORWARDED);
        // Left of the client, anything may stand: it is never read.
        assertThat(from(PROXY, "<script>, 192.0.2.7").text()).isEqualTo("192.0.2.7");
        // Several header lines are one list, in order.
        assertThat(resolver.resolve(PROXY, 4, List.of("6.6.6.6", "192.0.2.8")).text()).isEqualTo("192.0.2.8");
    }

    @Test
    void portsBracketsAndIpv6AreUnderstood() {
        assertThat(from(PROXY, "192.0.2.7:5060").text()).isEqualTo("192.0.2.7");
        assertThat(from(PROXY, "[2001:db8::7]:443").text()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(from(PROXY, " [2001:db8::7] ").text()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(from(PROXY, "2001:db8::7, 2001:db8:ff::1").text()).isEqualTo("2001:db8:0:0:0:0:0:7");
        // An IPv4-mapped proxy peer is the IPv4 proxy.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 5};
        assertThat(resolver.resolve(mapped, 16, List.of("192.0.2.7")).text()).isEqualTo("192.0.2.7");
    }

    @Test
    void onlyTrustedHopsMeanTheLeftMostOneStartedTheRequest() {
        assertThat(from(PROXY, "10.9.9.9, 10.1.1.1").text()).isEqualTo("10.9.9.9");
    }

    @Test
    void malformedOrEndlessHeadersFallBackToThePeerAndSayWhy() {
        for (String bad : new String[] {"", " , ", "unknown", "192.0.2.7,", "1.2.3", "192.0.2.7:0", "192.0.2.7:99999",
                "[192.0.2.7]", "[2001:db8::1", "2001:db8::1:443x", "fe80::1%eth0", "x".repeat(10_000)}) {
            ClientAddress a = from(PROXY, bad);
            assertThat(a.source()).as("'%s'", bad).isEqualTo(ClientAddress.Source.PEER);
            assertThat(a.text()).isEqualTo("10.0.0.5");
            if (!bad.isBlank()) {
                assertThat(a.ignored()).as("'%s'", bad).isEqualTo(ForwardedForProblem.MALFORMED);
            }
        }
        String chain = String.join(",", java.util.Collections.nCopies(ClientAddressResolver.MAX_HOPS + 1, "10.0.0.1"));
        assertThat(from(PROXY, chain).ignored()).isEqualTo(ForwardedForProblem.TOO_MANY_HOPS);
        assertThat(from(PROXY, "192.0.2.7, " + chain.substring(9)).text()).isEqualTo("192.0.2.7");
    }

    @Test
    void noHeaderMeansThePeer() {
        ClientAddress a = resolver.resolve(PROXY, 4, List.of());
        assertThat(a.source()).isEqualTo(ClientAddress.Source.PEER);
        assertThat(a.ignored()).isEqualTo(ForwardedForProblem.NONE);
    }
}
