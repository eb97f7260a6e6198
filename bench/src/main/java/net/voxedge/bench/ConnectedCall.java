package net.voxedge.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One answered call whose browser address the edge has bound (a nominating ICE check was
 * accepted), among {@code backgroundCalls} other answered calls so the registry is not trivially
 * small. No DTLS yet: {@link BrowserPeer#handshake} adds it.
 */
final class ConnectedCall implements AutoCloseable {
    /** The browser's address (TEST-NET-3); what the edge bound. */
    static final InetSocketAddress BROWSER = address(new byte[] {(byte) 203, 0, 113, 7}, 50_000);

    final BenchEdge edge = new BenchEdge();
    final BrowserPeer peer = new BrowserPeer();
    final EdgeCall call;
    /**
     * Equal to {@link #BROWSER} but another instance, as Netty makes a new sender address for
     * every datagram: registry lookups hash and compare, they never hit by identity.
     */
    final InetSocketAddress browserAgain = address(new byte[] {(byte) 203, 0, 113, 7}, 50_000);

    ConnectedCall(int backgroundCalls) {
        for (int i = 0; i < backgroundCalls; i++) {
            edge.call(peer.offerSdp);
        }
        call = edge.call(peer.offerSdp);
        peer.nominate(edge, call, BROWSER);
    }

    static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        edge.close();
    }
}
