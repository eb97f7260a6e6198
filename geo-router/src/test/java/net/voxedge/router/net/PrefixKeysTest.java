package net.voxedge.router.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixKeysTest {

    private static long key(String ip) {
        byte[] b = new byte[16];
        int n = IpLiteral.parse(ip, b);
        assertThat(n).isPositive();
        return PrefixKeys.of(b, n);
    }

    @Test
    void ipv4KeysOnTheSlash24() {
        assertThat(key("203.0.113.7")).isEqualTo(key("203.0.113.250")).isNotEqualTo(key("203.0.114.7"));
        assertThat(PrefixKeys.format(key("203.0.113.7"))).isEqualTo("203.0.113.0/24");
        assertThat(PrefixKeys.isIpv4(key("203.0.113.7"))).isTrue();
        assertThat(key("0.0.0.0")).isNotZero();
    }

    @Test
    void ipv6KeysOnTheSlash48() {
        assertThat(key("2001:db8:100::1")).isEqualTo(key("2001:db8:100:ffff::9")).isNotEqualTo(key("2001:db8:101::1"));
        assertThat(PrefixKeys.format(key("2001:db8:100:abcd::1"))).isEqualTo("2001:db8:100::/48");
        assertThat(PrefixKeys.format(key("2001:0:0:1::"))).isEqualTo("2001::/48");
        assertThat(PrefixKeys.format(key("::1"))).isEqualTo("::/48");
        assertThat(PrefixKeys.format(key("0:0:5::"))).isEqualTo("0:0:5::/48");
        assertThat(PrefixKeys.isIpv4(key("2001:db8::1"))).isFalse();
        assertThat(key("::")).isNotZero();
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4Prefix() {
        assertThat(key("::ffff:198.51.100.7")).isEqualTo(key("198.51.100.200"));
    }

    @Test
    void ipv4AndIpv6NeverCollide() {
        // 0.0.0.0/24 and ::/48 have the same low bits; the tags keep them apart.
        assertThat(key("0.0.0.1")).isNotEqualTo(key("::1"));
        assertThat(key("0.0.1.0")).isNotEqualTo(key("::1:0"));
    }

    @Test
    void validityAndBadLengths() {
        assertThat(PrefixKeys.of(new byte[16], 5)).isZero();
        assertThat(PrefixKeys.isValid(0)).isFalse();
        assertThat(PrefixKeys.isValid(PrefixKeys.IPV4 | PrefixKeys.IPV6)).isFalse();
        assertThat(PrefixKeys.isValid(PrefixKeys.IPV4 | (1L << 30))).isFalse();
        assertThat(PrefixKeys.isValid(-1L)).isFalse();
        assertThat(PrefixKeys.format(-1L)).isEqualTo("invalid-prefix");
    }
}
