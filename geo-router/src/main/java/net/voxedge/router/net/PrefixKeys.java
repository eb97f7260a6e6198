package net.voxedge.router.net;

/**
 * Client prefixes as primitive {@code long} keys: the /24 of an IPv4 address, the /48 of an IPv6
 * address — the units that share a path (one /24 is one access network far more often than not;
 * /48 is the usual IPv6 site allocation). An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d})
 * keys as its IPv4 /24, so a dual-stack socket does not split one client in two.
 *
 * <p>Layout: bits 0–23 the IPv4 /24 with bit 48 set, or bits 0–47 the IPv6 /48 with bit 49 set.
 * A key is never 0 (tables use 0 for "empty") and fits in 50 bits.
 */
public final class PrefixKeys {

    public static final long IPV4 = 1L << 48;
    public static final long IPV6 = 1L << 49;
    /** Bits a key can occupy. */
    public static final int BITS = 50;

    private PrefixKeys() {
    }

    /** The prefix key of the address in {@code addr[0, len)}, len 4 or 16; 0 for any other length. */
    public static long of(byte[] addr, int len) {
        if (len == 4) {
            return IPV4 | ((addr[0] & 0xffL) << 16) | ((addr[1] & 0xffL) << 8) | (addr[2] & 0xffL);
        }
        if (len != 16) {
            return 0;
        }
        if (isIpv4Mapped(addr)) {
            return IPV4 | ((addr[12] & 0xffL) << 16) | ((addr[13] & 0xffL) << 8) | (addr[14] & 0xffL);
        }
        long k = 0;
        for (int i = 0; i < 6; i++) {
            k = (k << 8) | (addr[i] & 0xffL);
        }
        return IPV6 | k;
    }

    public static boolean isIpv4(long key) {
        return (key & IPV4) != 0;
    }

    /** Whether a value could have come from {@link #of}. */
    public static boolean isValid(long key) {
        long tag = key & (IPV4 | IPV6);
        if (key >>> BITS != 0 || (tag != IPV4 && tag != IPV6)) {
            return false;
        }
        return tag == IPV6 || (key & ((1L << 48) - 1)) >>> 24 == 0;
    }

    /** {@code 203.0.113.0/24} or {@code 2001:db8:100::/48} (RFC 5952 style: lower case, zeros compressed). */
    public static String format(long key) {
        if (!isValid(key)) {
            return "invalid-prefix";
        }
        if (isIpv4(key)) {
            return ((key >>> 16) & 0xff) + "." + ((key >>> 8) & 0xff) + "." + (key & 0xff) + ".0/24";
        }
        int[] g = {(int) (key >>> 32) & 0xffff, (int) (key >>> 16) & 0xffff, (int) key & 0xffff};
        StringBuilder sb = new StringBuilder(24);
        // The zero groups 3..7 always end the address; a zero run inside g can join them.
        int last = 2;
        while (last >= 0 && g[last] == 0) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.append("::/48").toString();
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }
}
