package net.voxedge.edge.relay;

import java.net.InetSocketAddress;

/**
 * Another edge host this one relays with: the PoP and host its routing tokens name, and the
 * address of its relay socket (where frames go, and the only source frames from it are taken from).
 *
 * @param index position in {@code relay.peers} (what tables store)
 */
public record RelayPeer(int index, int popId, int hostId, InetSocketAddress address) {
    @Override
    public String toString() {
        return popId + "/" + hostId + "=" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
