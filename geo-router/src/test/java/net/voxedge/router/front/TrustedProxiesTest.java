package net.voxedge.router.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.voxedge.router.net.IpLiteral;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static boolean has(TrustedProxies t, String ip) {
        byte[] a = new byte[16];
        int len = IpLiteral.parse(ip, a);
        return t.contains(a, len);
    }

    @Test
    void rangesMatchOnPrefixBitsOnly() {
        List<String> problems = new ArrayList<>();
        TrustedProxies t = TrustedProxies.parse(List.of("10.0.0.0/8", "192.0.2.128/25", "198.51.100.7", "2001:db8:ff::/48",
                "::ffff:203.0.113.0/120", "0.0.0.0/0"), "p", problems);
        assertThat(problems).isEmpty();
        assertThat(has(t, "10.255.1.2")).isTrue();
        assertThat(has(t, "192.0.2.200")).isTrue();
        assertThat(has(t, "198.51.100.7")).isTrue();
        assertThat(has(t, "2001:db8:ff:1::9")).isTrue();
        assertThat(has(t, "203.0.113.9")).as("a mapped range matches the IPv4 address").isTrue();
        assertThat(has(t, "::ffff:10.1.1.1")).as("a mapped address matches the IPv4 range").isTrue();
        assertThat(has(t, "2001:db8:fe::1")).isFalse();
        assertThat(has(t, "1.2.3.4")).as("0.0.0.0/0 trusts every IPv4 address").isTrue();

        TrustedProxies narrow = TrustedProxies.parse(List.of("192.0.2.128/25"), "p", problems);
        assertThat(has(narrow, "192.0.2.127")).isFalse();
        assertThat(has(narrow, "::1")).isFalse();
        assertThat(TrustedProxies.NONE.contains(new byte[4], 4)).isFalse();
    }

    @Test
    void badEntriesAreNamed() {
        List<String> problems = new ArrayList<>();
        TrustedProxies t = TrustedProxies.parse(List.of("10.0.0.0/33", "10.0.0.1/8", "proxy.example", "10.0.0.0/x",
                "2001:db8::/129", "10.0.0.0/8"), "front.trusted-proxies", problems);
        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).contains("front.trusted-proxies[0]: '10.0.0.0/33'", "prefix length (0-32");
        assertThat(problems.get(1)).contains("[1]", "host bits set beyond /8");
        assertThat(problems.get(2)).contains("[2]", "'proxy.example'", "is not a CIDR");
        assertThat(problems.get(3)).contains("[3]", "prefix length");
        assertThat(problems.get(4)).contains("[4]", "prefix length (0-128");
        assertThat(t.describe()).containsExactly("10.0.0.0/8");
    }
}
