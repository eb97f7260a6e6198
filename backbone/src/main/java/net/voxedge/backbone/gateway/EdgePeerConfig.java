package net.voxedge.backbone.gateway;

import java.net.InetSocketAddress;

/**
 * One edge host the gateway keeps a tunnel link with.
 *
 * @param name         the edge host's name (metrics tag, logs), e.g. {@code fra1-h0}
 * @param address      the edge host's tunnel UDP address
 * @param linkId       the link id both ends configure
 * @param keyId        the key id the secret is installed under (0..255)
 * @param secret       the link secret (≥ 16 bytes), read from the file or variable {@code secretSource} names
 * @param secretSource where the secret came from, for messages (never the secret itself)
 */
public record EdgePeerConfig(String name, InetSocketAddress address, int linkId, int keyId, byte[] secret,
                             String secretSource) {
    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "EdgePeerConfig[name=" + name + ", address=" + address + ", linkId=" + linkId + ", keyId=" + keyId
                + ", secret=<from " + secretSource + ">]";
    }
}
