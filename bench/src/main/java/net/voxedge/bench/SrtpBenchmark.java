package net.voxedge.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.srtp.SrtpProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SRTP on a 160-byte Opus-sized RTP packet (12-byte header, 148-byte payload): voxedge's
 * {@code net.voxedge.edge.srtp} against jitsi-srtp, for both WebRTC profiles.
 *
 * <p>{@code protect} times protecting one packet; {@code roundTrip} protects and then unprotects
 * it. Unprotect alone has no steady-state loop (the replay window rejects any packet seen
 * before), so its cost is read as {@code roundTrip - protect}. Every packet carries the next
 * sequence number, so runs cross the 16-bit wrap and exercise the rollover counter too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SrtpBenchmark {

    private static final int PACKET = 160;
    private static final int SSRC = 0x5EED_CAFE;

    @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    /** voxedge; jitsi-srtp on OpenSSL (as Jitsi Videobridge runs it); jitsi-srtp on the JDK's AES. */
    @Param({"voxedge", "jitsi-openssl", "jitsi-jdk"})
    public String impl;

    private SrtpPair pair;
    private final byte[] template = rtpPacket();
    private final byte[] buf = new byte[PACKET + 64];
    private int seq;
    private int failures;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        byte[] key = new byte[p.masterKeyLength()];
        byte[] salt = new byte[p.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x11 * i + 3);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (0x07 * i + 5);
        }
        pair = switch (impl) {
            case "voxedge" -> new VoxedgeSrtpPair(p, key, salt);
            case "jitsi-openssl" -> {
                JitsiSrtpPair.useAesProvider("OpenSSL");
                yield new JitsiSrtpPair(p, key, salt, SSRC);
            }
            case "jitsi-jdk" -> {
                JitsiSrtpPair.useAesProvider("SunJCE");
                yield new JitsiSrtpPair(p, key, salt, SSRC);
            }
            default -> throw new IllegalArgumentException("impl must be voxedge, jitsi-openssl or jitsi-jdk: " + impl);
        };
        checkInterop(p, key, salt);
    }

    /** Refuses to time anything unless each implementation opens the other's packets. */
    private static void checkInterop(SrtpProfile p, byte[] key, byte[] salt) {
        SrtpPair ours = new VoxedgeSrtpPair(p, key, salt);
        SrtpPair theirs = new JitsiSrtpPair(p, key, salt, SSRC);
        for (int s = 0; s < 4; s++) {
            crossCheck(ours, theirs, 65534 + s, p);
            crossCheck(theirs, ours, 65534 + s, p);
        }
    }

    private static void crossCheck(SrtpPair from, SrtpPair to, int seq, SrtpProfile p) {
        byte[] packet = Arrays.copyOf(rtpPacket(), PACKET + 64);
        setSeq(packet, seq);
        byte[] plain = Arrays.copyOf(packet, PACKET);
        int n = from.protect(packet, PACKET);
        int m = n < 0 ? n : to.unprotect(packet, n);
        if (n != PACKET + p.rtpAuthTagLength() || m != PACKET || !Arrays.equals(plain, Arrays.copyOf(packet, PACKET))) {
            throw new IllegalStateException("voxedge and jitsi-srtp disagree on " + p + " seq " + seq
                    + ": protect " + n + ", unprotect " + m);
        }
    }

    @TearDown(Level.Iteration)
    public void checkNoFailures() {
        if (failures != 0) {
            throw new IllegalStateException(failures + " " + impl + " operations failed: the numbers are void");
        }
    }

    @Benchmark
    public int protect() {
        System.arraycopy(template, 0, buf, 0, PACKET);
        setSeq(buf, seq++);
        int n = pair.protect(buf, PACKET);
        if (n < 0) {
            failures++;
        }
        return n;
    }

    @Benchmark
    public int roundTrip() {
        System.arraycopy(template, 0, buf, 0, PACKET);
        setSeq(buf, seq++);
        int n = pair.protect(buf, PACKET);
        int m = pair.unprotect(buf, n);
        if (n < 0 || m < 0) {
            failures++;
        }
        return m;
    }

    private static void setSeq(byte[] packet, int seq) {
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
    }

    private static byte[] rtpPacket() {
        byte[] p = new byte[PACKET];
        p[0] = (byte) 0x80;
        p[1] = 111; // Opus
        p[8] = (byte) (SSRC >>> 24);
        p[9] = (byte) (SSRC >>> 16);
        p[10] = (byte) (SSRC >>> 8);
        p[11] = (byte) SSRC;
        for (int i = 12; i < PACKET; i++) {
            p[i] = (byte) (i * 37);
        }
        return p;
    }
}
