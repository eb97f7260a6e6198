package net.voxedge.topology;

import java.net.InetAddress;
import java.util.List;

/** An anycast address and the names of the PoPs that announce it. */
public record AnycastAddress(InetAddress address, List<String> pops) {

    public AnycastAddress {
        pops = List.copyOf(pops);
    }
}
