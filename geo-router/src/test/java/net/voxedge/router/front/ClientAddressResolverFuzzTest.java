package net.voxedge.router.front;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer target for the one untrusted text the front reads besides tokens and SDP: the
 * {@code X-Forwarded-For} header. Under plain {@code mvn test} it replays the seeds in
 * {@code src/test/resources/.../ClientAddressResolverFuzzTestInputs}; {@code scripts/fuzz.sh 60
 * ClientAddressResolver} fuzzes it.
 */
class ClientAddressResolverFuzzTest {
    private static final ClientAddressResolver RESOLVER = new ClientAddressResolver(
            TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8:ff::/48"), "t", new ArrayList<>()));
    private static final byte[] PROXY = {10, 0, 0, 5};
    private static final byte[] STRANGER = {(byte) 198, 51, 100, 9};

    /**
     * Any header from a trusted or untrusted peer: no exception; 4 or 16 bytes; an untrusted peer is
     * always the client; and what a client writes left of the entries the walk reads never changes
     * the answer (prepending junk to a header that named an untrusted client keeps that client).
     */
    @FuzzTest(maxDuration = "60s")
    void resolveAnyHeader(FuzzedDataProvider data) {
        boolean trustedPeer = data.consumeBoolean();
        String junk = data.consumeString(64);
        String header = data.consumeRemainingAsString();
        byte[] peer = trustedPeer ? PROXY : STRANGER;
        ClientAddress a = RESOLVER.resolve(peer, 4, List.of(header));
        assertThat(a.len()).isIn(4, 16);
        assertThat(a.addr()).hasSizeGreaterThanOrEqualTo(a.len());
        if (!trustedPeer) {
            assertThat(a.source()).isEqualTo(ClientAddress.Source.PEER);
            assertThat(Arrays.copyOf(a.addr(), 4)).isEqualTo(STRANGER);
            return;
        }
        if (a.source() == ClientAddress.Source.PEER) {
            assertThat(Arrays.copyOf(a.addr(), 4)).isEqualTo(PROXY);
            return;
        }
        if (!new TrustedProxiesView().trusted(a)) {
            ClientAddress withJunk = RESOLVER.resolve(peer, 4, List.of(junk + "," + header));
            assertThat(withJunk.source()).isEqualTo(ClientAddress.Source.FORWARDED);
            assertThat(Arrays.copyOf(withJunk.addr(), withJunk.len())).isEqualTo(Arrays.copyOf(a.addr(), a.len()));
        }
    }

    /** Whether a resolved address is one of the fuzz target's trusted proxies. */
    private static final class TrustedProxiesView {
        private final TrustedProxies t = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8:ff::/48"), "t", new ArrayList<>());

        boolean trusted(ClientAddress a) {
            return t.contains(a.addr(), a.len());
        }
    }
}
