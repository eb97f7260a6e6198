package net.voxedge.router.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Jazzer targets for what the router reads from untrusted query strings: the {@code ip}
 * parameter ({@link IpLiteral}) and its prefix key ({@link PrefixKeys}). Under plain
 * {@code mvn test} they replay the seeds in {@code src/test/resources/.../IpLiteralFuzzTestInputs};
 * {@code scripts/fuzz.sh 60 IpLiteral} fuzzes them.
 */
class IpLiteralFuzzTest {

    /** Any text: never an exception; whatever is accepted, the JDK reads as the same address. */
    @FuzzTest(maxDuration = "60s")
    void parseAnyText(byte[] data) throws UnknownHostException {
        String s = new String(data, StandardCharsets.UTF_8);
        byte[] out = new byte[16];
        int n = IpLiteral.parse(s, out);
        if (n < 0) {
            assertThat(IpLiteral.Error.of(n)).isNotNull();
            return;
        }
        assertThat(n).isIn(4, 16);
        InetAddress mine = InetAddress.getByAddress(Arrays.copyOf(out, n));
        assertThat(InetAddress.ofLiteral(s)).as("JDK reading of \"%s\"", s).isEqualTo(mine);
        checkPrefixRoundTrip(out, n);
    }

    /** Any 4 or 16 bytes: the JDK's text form parses back to them, and the prefix key round-trips. */
    @FuzzTest(maxDuration = "60s")
    void formatAnyAddress(byte[] data) throws UnknownHostException {
        int n = data.length >= 16 ? 16 : 4;
        byte[] addr = Arrays.copyOf(data, n);
        InetAddress a = InetAddress.getByAddress(addr);
        byte[] out = new byte[16];
        int parsed = IpLiteral.parse(a.getHostAddress(), out);
        assertThat(parsed).isEqualTo(a.getAddress().length);
        assertThat(Arrays.copyOf(out, parsed)).isEqualTo(a.getAddress());
        checkPrefixRoundTrip(addr, n);
    }

    private static void checkPrefixRoundTrip(byte[] addr, int n) {
        long key = PrefixKeys.of(addr, n);
        assertThat(PrefixKeys.isValid(key)).isTrue();
        String text = PrefixKeys.format(key);
        String network = text.substring(0, text.indexOf('/'));
        byte[] back = new byte[16];
        int m = IpLiteral.parse(network, back);
        assertThat(m).as("prefix text %s", text).isPositive();
        assertThat(PrefixKeys.of(back, m)).as("prefix text %s", text).isEqualTo(key);
    }
}
