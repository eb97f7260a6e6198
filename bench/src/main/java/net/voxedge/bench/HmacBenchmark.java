package net.voxedge.bench;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.voxedge.edge.crypto.Hmac;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.crypto.HmacSha256;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
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

/**
 * One HMAC over a 172-byte message (an SRTP Opus packet plus ROC, the size the media path authenticates twice per
 * echoed packet), tag written into a reused array, three ways:
 * <ul>
 *   <li>{@code jdkMac}: {@code javax.crypto.Mac.doFinal(out, off)} — SHA intrinsics, but allocates the digest
 *       array inside on every call;</li>
 *   <li>{@code bouncyCastle}: BouncyCastle's lightweight {@code HMac} — allocation-free, pure-Java SHA;</li>
 *   <li>{@code voxedge}: {@link Hmac}, RFC 2104 over a reused JDK {@code MessageDigest}.</li>
 * </ul>
 * Run with {@code -prof gc} for bytes per operation. The setup refuses to time anything unless all three agree.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class HmacBenchmark {

    private static final int MESSAGE = 172;

    @Param({"SHA1", "SHA256"})
    public String algorithm;

    private final byte[] message = new byte[MESSAGE];
    private final byte[] out = new byte[32];
    private Mac jdk;
    private HMac bc;
    private Hmac voxedge;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] key = new byte[20];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) random.nextInt();
        }
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) random.nextInt();
        }
        String jca = "Hmac" + algorithm;
        jdk = Mac.getInstance(jca);
        jdk.init(new SecretKeySpec(key, jca));
        Digest digest = algorithm.equals("SHA1") ? new SHA1Digest() : new SHA256Digest();
        bc = new HMac(digest);
        bc.init(new KeyParameter(key));
        voxedge = algorithm.equals("SHA1") ? new HmacSha1(key) : new HmacSha256(key);

        byte[] expected = jdk.doFinal(message);
        jdkMac();
        byte[] a = Arrays.copyOf(out, expected.length);
        bouncyCastle();
        byte[] b = Arrays.copyOf(out, expected.length);
        voxedge();
        byte[] c = Arrays.copyOf(out, expected.length);
        if (!Arrays.equals(expected, a) || !Arrays.equals(expected, b) || !Arrays.equals(expected, c)) {
            throw new IllegalStateException("the three HMACs disagree");
        }
    }

    @Benchmark
    public byte jdkMac() throws GeneralSecurityException {
        jdk.update(message, 0, MESSAGE);
        jdk.doFinal(out, 0);
        return out[0];
    }

    @Benchmark
    public byte bouncyCastle() {
        bc.update(message, 0, MESSAGE);
        bc.doFinal(out, 0);
        return out[0];
    }

    @Benchmark
    public byte voxedge() {
        voxedge.update(message, 0, MESSAGE);
        voxedge.doFinal(out, 0);
        return out[0];
    }
}
