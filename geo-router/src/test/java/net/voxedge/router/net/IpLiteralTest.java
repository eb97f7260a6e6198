package net.voxedge.router.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "255.255.255.255", "10.0.0.10", "203.0.113.250"})
    void parsesIpv4LikeTheJdk(String s) {
        byte[] out = new byte[16];
        assertThat(IpLiteral.parse(s, out)).isEqualTo(4);
        assertThat(Arrays.copyOf(out, 4)).isEqualTo(InetAddress.ofLiteral(s).getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:db8:100::5",
            "fe80::1:2:3:4:5", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::8",
            "::ffff:1.2.3.4", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "0:0:0:0:0:0:0:0"})
    void parsesIpv6LikeTheJdk(String s) throws Exception {
        byte[] out = new byte[16];
        assertThat(IpLiteral.parse(s, out)).isEqualTo(16);
        // The JDK folds IPv4-mapped addresses into Inet4Address; compare what it means.
        InetAddress jdk = InetAddress.ofLiteral(s);
        assertThat(InetAddress.getByAddress(out)).isEqualTo(jdk);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|EMPTY",
            "1.2.3|BAD_IPV4", "1.2.3.4.5|BAD_IPV4", "256.1.1.1|BAD_IPV4", "01.2.3.4|BAD_IPV4",
            "'1.2.3.4 '|BAD_IPV4", "' 1.2.3.4'|BAD_IPV4", "1..3.4|BAD_IPV4", "0x7f.0.0.1|BAD_IPV4",
            "1.2.3.-4|BAD_IPV4", "1.2.3.4.|BAD_IPV4", "example.com|BAD_IPV4", "1234.1.1.1|BAD_IPV4",
            "١.٢.٣.٤|BAD_IPV4",
            ":::|BAD_IPV6", "1:::2|BAD_IPV6", "1::2::3|BAD_IPV6", "1:2:3:4:5:6:7:8:9|BAD_IPV6",
            "1:2:3:4:5:6:7|BAD_IPV6", "12345::|BAD_IPV6", ":1::|BAD_IPV6", "1:|BAD_IPV6", "1::2:|BAD_IPV6",
            "g::1|BAD_IPV6", "1:2:3:4:5:6:7:1.2.3.4|BAD_IPV6", "::1.2.3|BAD_IPV6", "::1.2.3.4:5|BAD_IPV6",
            "1:2:3:4:5:6:7:8::|BAD_IPV6", "::ffff:01.2.3.4|BAD_IPV6",
            "fe80::1%eth0|ZONE_ID", "[::1]|BRACKETS",
            "1111:2222:3333:4444:5555:6666:7777:8888:9999:0|TOO_LONG"})
    void rejectsWithTheReason(String s, IpLiteral.Error expected) {
        int r = IpLiteral.parse(s, new byte[16]);
        assertThat(r).isNegative();
        assertThat(IpLiteral.Error.of(r)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nullIsEmpty() {
        assertThat(IpLiteral.Error.of(IpLiteral.parse(null, new byte[16]))).isEqualTo(IpLiteral.Error.EMPTY);
    }
}
