package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The relaying table's rules, on a clock driven by hand. */
class RelayBindingsTest {
    private static final long SECOND = 1_000_000_000L;
    private final RelayClientKey probe = new RelayClientKey();

    private RelayClientKey client(int lastOctet, int port) {
        return probe.set(0, 0, 4, new byte[] {10, 0, 0, (byte) lastOctet}, port);
    }

    @Test
    void onlyTheOwnersSuccessCreatesABinding() throws Exception {
        RelayBindings t = new RelayBindings(4, 30 * SECOND);
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 5000);
        assertThat(t.byClient(addr)).isNull();
        assertThat(t.find(client(1, 5000))).isNull();
        RelayBinding b = t.onOwnerSuccess(client(1, 5000), 2, 1, 0);
        assertThat(b).isNotNull();
        assertThat(b.client()).isEqualTo(addr);
        assertThat(b.peer()).isEqualTo(2);
        assertThat(b.socket()).isEqualTo(1);
        assertThat(t.byClient(addr)).isSameAs(b);
        assertThat(t.find(client(1, 5000))).isSameAs(b);
        assertThat(t.find(client(1, 5001))).isNull();
        // Another owner's success moves the client (newest authenticated binding wins), no second entry.
        assertThat(t.onOwnerSuccess(client(1, 5000), 3, 0, SECOND)).isSameAs(b);
        assertThat(b.peer()).isEqualTo(3);
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void capacityIsACap() {
        RelayBindings t = new RelayBindings(2, 30 * SECOND);
        assertThat(t.onOwnerSuccess(client(1, 1), 0, 0, 0)).isNotNull();
        assertThat(t.onOwnerSuccess(client(2, 1), 0, 0, 0)).isNotNull();
        assertThat(t.onOwnerSuccess(client(3, 1), 0, 0, 0)).isNull();
        assertThat(t.size()).isEqualTo(2);
        // An existing client still refreshes at the cap.
        assertThat(t.onOwnerSuccess(client(2, 1), 1, 0, 0)).isNotNull();
    }

    @Test
    void expiresWhenTheOwnerFallsSilentAndOnlyThen() throws Exception {
        RelayBindings t = new RelayBindings(8, 30 * SECOND);
        RelayBinding b = t.onOwnerSuccess(client(1, 9), 0, 0, 0);
        t.onOwnerSuccess(client(2, 9), 0, 0, 0);
        t.touch(b, 20 * SECOND); // the owner keeps sending to client 1 only
        assertThat(t.sweep(30 * SECOND)).isZero();
        assertThat(t.sweep(30 * SECOND + 1)).isEqualTo(1);
        assertThat(t.find(client(2, 9))).isNull();
        assertThat(t.byClient(new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 9))).isNull();
        assertThat(t.find(client(1, 9))).isSameAs(b);
        assertThat(t.sweep(50 * SECOND + 1)).isEqualTo(1);
        assertThat(t.size()).isZero();
        // Its slot is free again.
        assertThat(t.onOwnerSuccess(client(3, 9), 0, 0, 60 * SECOND)).isNotNull();
    }

    @Test
    void ipv6ClientsAreKeyedByAllSixteenBytes() {
        RelayBindings t = new RelayBindings(8, SECOND);
        byte[] a = new byte[16];
        a[15] = 1;
        byte[] b = a.clone();
        b[0] = 0x20;
        t.onOwnerSuccess(probe.set(0, 0, 6, a, 7), 0, 0, 0);
        assertThat(t.find(probe.set(0, 0, 6, b, 7))).isNull();
        assertThat(t.find(probe.set(0, 0, 6, a, 7))).isNotNull();
        // The same first four bytes as an IPv4 address are another client.
        assertThat(t.find(probe.set(0, 0, 4, a, 7))).isNull();
    }
}
