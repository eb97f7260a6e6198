package net.voxedge.edge.relay;

import java.util.Arrays;

/**
 * A client as a relay frame names it: (peer, relaying socket, family, IP, port). The tables keep
 * immutable copies as map keys and look up with one mutable probe per thread ({@link #set}), so a
 * lookup from frame bytes allocates nothing. The relaying side leaves peer and socket at 0: it keys by
 * the client's address alone.
 */
public final class RelayClientKey {
    private int peer;
    private int socket;
    private int family;
    private int port;
    private final byte[] ip = new byte[16];
    private int hash;

    /** Points this probe at a client; {@code ip}'s first 4 (family 4) or 16 bytes are copied. */
    public RelayClientKey set(int peer, int socket, int family, byte[] ip, int port) {
        this.peer = peer;
        this.socket = socket;
        this.family = family;
        this.port = port;
        int n = family == 6 ? 16 : 4;
        System.arraycopy(ip, 0, this.ip, 0, n);
        Arrays.fill(this.ip, n, 16, (byte) 0);
        int h = peer * 31 + socket;
        h = h * 31 + family;
        h = h * 31 + port;
        for (int i = 0; i < n; i++) {
            h = h * 31 + this.ip[i];
        }
        this.hash = h;
        return this;
    }

    /** An immutable copy to store as a map key. */
    RelayClientKey copy() {
        return new RelayClientKey().set(peer, socket, family, ip, port);
    }

    int family() {
        return family;
    }

    int port() {
        return port;
    }

    /** The IP bytes, exactly 4 or 16 long (a new array: for the rare paths that create entries). */
    byte[] ipBytes() {
        return Arrays.copyOf(ip, family == 6 ? 16 : 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayClientKey k && k.hash == hash && k.peer == peer && k.socket == socket
                && k.family == family && k.port == port && Arrays.equals(k.ip, ip);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
