package net.voxedge.backbone.gateway;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One edge host the gateway keeps a tunnel link with.
 *
 * @param name         the edge host's name (metrics tag, logs), e.g. {@code fra1-h0}
 * @param address      the edge host's tunnel UDP address
 * @param linkId       the link id both ends configure
 * @param keyId        the key id the secret is installed under (0..255): the one the gateway seals with
 * @param secret       the link secret (≥ 16 bytes), read from the file or variable {@code secretSource} names
 * @param secretSource where the secret came from, for messages (never the secret itself)
 * @param acceptKeys   further key ids accepted on receive (a key rotation's new or old key), id → secret
 */
public record EdgePeerConfig(String name, InetSocketAddress address, int linkId, int keyId, byte[] secret,
                             String secretSource, Map<Integer, byte[]> acceptKeys) {
    public EdgePeerConfig {
        acceptKeys = Map.copyOf(acceptKeys);
    }

    /** An edge peer with one key. */
    public EdgePeerConfig(String name, InetSocketAddress address, int linkId, int keyId, byte[] secret,
                          String secretSource) {
        this(name, address, linkId, keyId, secret, secretSource, Map.of());
    }

    /** Every key id to install, id → secret: the sealing key and the accepted ones. */
    public Map<Integer, byte[]> keys() {
        Map<Integer, byte[]> all = new LinkedHashMap<>(acceptKeys);
        all.put(keyId, secret);
        return all;
    }

    /** Keeps the secrets out of logs and exception messages. */
    @Override
    public String toString() {
        return "EdgePeerConfig[name=" + name + ", address=" + address + ", linkId=" + linkId + ", keyId=" + keyId
                + ", secret=<from " + secretSource + ">, acceptKeys=" + acceptKeys.keySet() + "]";
    }
}
