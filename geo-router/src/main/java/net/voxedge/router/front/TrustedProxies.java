package net.voxedge.router.front;

import java.util.ArrayList;
import java.util.List;
import net.voxedge.router.net.IpLiteral;

/**
 * The address ranges (CIDRs) whose {@code X-Forwarded-For} the front believes: its own TLS
 * terminators and load balancers. Sans-IO and allocation-free on lookup. IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}) match as the IPv4 address they carry, on both sides.
 */
public final class TrustedProxies {

    /** Trusts nobody: every request's client is its TCP peer. */
    public static final TrustedProxies NONE = new TrustedProxies(new byte[0][], new int[0], List.of());

    private final byte[][] networks;
    private final int[] prefixBits;
    private final List<String> texts;

    private TrustedProxies(byte[][] networks, int[] prefixBits, List<String> texts) {
        this.networks = networks;
        this.prefixBits = prefixBits;
        this.texts = texts;
    }

    /**
     * Parses CIDRs such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address (one host).
     *
     * @param problems gets one message per bad entry, naming it; the result then holds the good ones
     */
    public static TrustedProxies parse(List<String> cidrs, String key, List<String> problems) {
        List<byte[]> nets = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            String c = cidrs.get(i) == null ? "" : cidrs.get(i).trim();
            String where = key + "[" + i + "]: '" + clip(c) + "' ";
            int slash = c.indexOf('/');
            String ip = slash < 0 ? c : c.substring(0, slash);
            byte[] addr = new byte[16];
            int len = IpLiteral.parse(ip, addr);
            if (len < 0) {
                problems.add(where + "is not a CIDR: the address " + IpLiteral.Error.of(len).text());
                continue;
            }
            int max = len * 8;
            int prefix = max;
            if (slash >= 0) {
                String p = c.substring(slash + 1);
                prefix = p.matches("[0-9]{1,3}") ? Integer.parseInt(p) : -1;
                if (prefix < 0 || prefix > max) {
                    problems.add(where + "has a bad prefix length (0-" + max + " for IPv" + (len == 4 ? 4 : 6) + ")");
                    continue;
                }
            }
            if (len == 16 && isMapped(addr) && prefix >= 96) {
                addr = java.util.Arrays.copyOfRange(addr, 12, 16);
                prefix -= 96;
                len = 4;
            }
            byte[] net = java.util.Arrays.copyOf(addr, len);
            if (!hostBitsZero(net, prefix)) {
                problems.add(where + "has host bits set beyond /" + prefix + " (did you mean the network address?)");
                continue;
            }
            nets.add(net);
            bits.add(prefix);
            texts.add(c);
        }
        return new TrustedProxies(nets.toArray(new byte[0][]), bits.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(texts));
    }

    /** True when {@code addr[0, len)} (4 or 16 bytes) is in one of the ranges. */
    public boolean contains(byte[] addr, int len) {
        int off = 0;
        if (len == 16 && isMapped(addr)) {
            off = 12;
            len = 4;
        }
        for (int i = 0; i < networks.length; i++) {
            byte[] net = networks[i];
            if (net.length == len && matches(net, prefixBits[i], addr, off)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.length == 0;
    }

    /** The ranges as configured (for logs). */
    public List<String> describe() {
        return texts;
    }

    private static boolean matches(byte[] net, int bits, byte[] addr, int off) {
        int full = bits >>> 3;
        for (int i = 0; i < full; i++) {
            if (net[i] != addr[off + i]) {
                return false;
            }
        }
        int rest = bits & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (net[full] & mask) == (addr[off + full] & mask);
    }

    private static boolean hostBitsZero(byte[] net, int bits) {
        for (int i = 0; i < net.length; i++) {
            int keep = Math.clamp(bits - i * 8, 0, 8);
            int mask = (0xFF << (8 - keep)) & 0xFF;
            if ((net[i] & ~mask & 0xFF) != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
