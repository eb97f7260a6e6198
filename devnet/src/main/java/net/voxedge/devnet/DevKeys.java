package net.voxedge.devnet;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of one dev network run, made fresh at every start and never written anywhere except
 * the run directory's backbone key file (owner-only, deleted at stop): a token printed by one run
 * is worthless to the next.
 *
 * @param routingHex   the routing-token key every edge shares ({@code routing.keys=1:<hex>})
 * @param clientAuth   the HS256 key of client bearer tokens (edges' {@code auth.key}, the front's client key)
 * @param internal     the HS256 key of front-to-edge tokens (edges' {@code internal.key})
 * @param backboneHex  the tunnel secret every edge-gateway link uses (hex)
 */
public record DevKeys(String routingHex, String clientAuth, String internal, String backboneHex) {

    /** Fresh random keys. */
    public static DevKeys generate(SecureRandom random) {
        return new DevKeys(hex(random, 32), text(random), text(random), hex(random, 24));
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** 48 random bytes as 64 base64url characters: well over the 32 bytes HS256 keys need. */
    private static String text(SecureRandom random) {
        byte[] b = new byte[48];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Keys never appear in logs or toString. */
    @Override
    public String toString() {
        return "DevKeys[hidden]";
    }
}
