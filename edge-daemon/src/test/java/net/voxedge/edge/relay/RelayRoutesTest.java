package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The owner's route table, on a clock driven by hand. */
class RelayRoutesTest {
    private static final long SECOND = 1_000_000_000L;
    private final RelayClientKey probe = new RelayClientKey();

    private RelayClientKey key(int peer, int socket, int lastOctet) {
        return probe.set(peer, socket, 4, new byte[] {10, 0, 0, (byte) lastOctet}, 4000);
    }

    @Test
    void aRouteKeyNeverEqualsARealAddress() throws Exception {
        RelayRoutes t = new RelayRoutes(4, 30 * SECOND);
        RelayRoute r = t.create(key(1, 0, 5), 1, 0, 0);
        InetSocketAddress real = new InetSocketAddress(InetAddress.getByName("10.0.0.5"), 4000);
        assertThat(r.client()).isEqualTo(real);
        assertThat(r.key()).isNotEqualTo(real);
        assertThat(r.key().isUnresolved()).isTrue();
        assertThat(r.key().getPort()).isEqualTo(4000);
        assertThat(t.get(r.index())).isSameAs(r);
        assertThat(t.find(key(1, 0, 5))).isSameAs(r);
        // The same client through another peer, or another of the relayer's sockets, is another route.
        assertThat(t.find(key(2, 0, 5))).isNull();
        assertThat(t.find(key(1, 1, 5))).isNull();
        RelayRoute other = t.create(key(2, 0, 5), 2, 0, 0);
        assertThat(other.key()).isNotEqualTo(r.key());
        assertThat(t.get(-1)).isNull();
        assertThat(t.get(4)).isNull();
    }

    @Test
    void aRouteNoSessionAuthenticatedExpiresFastEvenWhileFramesKeepComing() {
        RelayRoutes t = new RelayRoutes(4, 30 * SECOND);
        RelayRoute pending = t.create(key(0, 0, 1), 0, 0, 0);
        RelayRoute accepted = t.create(key(0, 0, 2), 0, 0, 0);
        accepted.markAuthenticated();
        t.touch(pending, RelayRoutes.PENDING_NANOS);
        t.touch(accepted, RelayRoutes.PENDING_NANOS);
        assertThat(t.sweep(RelayRoutes.PENDING_NANOS)).isZero();
        assertThat(t.sweep(RelayRoutes.PENDING_NANOS + 1)).isEqualTo(1);
        assertThat(t.find(key(0, 0, 1))).isNull();
        assertThat(t.find(key(0, 0, 2))).isSameAs(accepted);
    }

    @Test
    void capAndExpiryAndASlotReusedUnderANewKey() {
        RelayRoutes t = new RelayRoutes(2, 30 * SECOND);
        RelayRoute a = t.create(key(0, 0, 1), 0, 0, 0);
        RelayRoute b = t.create(key(0, 0, 2), 0, 0, 0);
        a.markAuthenticated();
        b.markAuthenticated();
        assertThat(t.create(key(0, 0, 3), 0, 0, 0)).isNull();
        t.touch(b, 10 * SECOND);
        assertThat(t.sweep(30 * SECOND + 1)).isEqualTo(1);
        assertThat(t.get(a.index())).isNull();
        RelayRoute c = t.create(key(0, 0, 3), 0, 0, 31 * SECOND);
        assertThat(c.index()).isEqualTo(a.index());
        // A session still holding a's key must not reach c's client through the reused slot.
        assertThat(c.key()).isNotEqualTo(a.key());
        assertThat(t.size()).isEqualTo(2);
    }
}
