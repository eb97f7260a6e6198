package net.voxedge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import net.voxedge.edge.srtp.SrtpProfile;

/**
 * Thread CPU time per SRTP round trip (protect + unprotect of one RTP packet), best of several
 * rounds: preemption by other processes does not count, which makes it steadier than JMH's wall
 * clock on a shared machine. Run it once per back end to compare them, e.g. AES-GCM on OpenSSL
 * (default) and on the JDK ({@code -Dvoxedge.srtp.gcm=jdk}):
 *
 * <pre>java -cp bench/target/benchmarks.jar [-Dvoxedge.srtp.gcm=jdk] net.voxedge.bench.SrtpCpuProbe
 *     [profile=AEAD_AES_128_GCM] [payload=148] [rounds=6] [perRound=100000]</pre>
 */
public final class SrtpCpuProbe {
    private SrtpCpuProbe() {
    }

    public static void main(String[] args) {
        SrtpProfile profile = SrtpProfile.valueOf(arg(args, "profile", "AEAD_AES_128_GCM"));
        int payload = Integer.parseInt(arg(args, "payload", "148"));
        int rounds = Integer.parseInt(arg(args, "rounds", "6"));
        int perRound = Integer.parseInt(arg(args, "perRound", "100000"));
        byte[] key = new byte[profile.masterKeyLength()];
        byte[] salt = new byte[profile.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x11 * i + 3);
        }
        VoxedgeSrtpPair pair = new VoxedgeSrtpPair(profile, key, salt);
        int packet = 12 + payload;
        byte[] template = new byte[packet + 64];
        template[0] = (byte) 0x80;
        template[1] = 111;
        template[11] = 7;
        byte[] buf = new byte[packet + 64];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        int seq = 0;
        for (int r = 0; r < rounds + 1; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                System.arraycopy(template, 0, buf, 0, packet);
                seq++;
                buf[2] = (byte) (seq >>> 8);
                buf[3] = (byte) seq;
                int n = pair.protect(buf, packet);
                if (n < 0 || pair.unprotect(buf, n) != packet) {
                    throw new IllegalStateException("round trip failed at " + seq);
                }
            }
            long ns = threads.getCurrentThreadCpuTime() - t0;
            if (r > 0) { // the first round warms up
                best = Math.min(best, ns);
            }
        }
        System.out.printf(Locale.ROOT, "%s payload=%d gcm=%s: best %.0f ns CPU per round trip (of %d rounds x %d)%n",
                profile, payload, System.getProperty("voxedge.srtp.gcm", "openssl"), best / (double) perRound, rounds,
                perRound);
    }

    private static String arg(String[] args, String name, String dflt) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return dflt;
    }
}
