package net.voxedge.edge.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block {@code j} is
 * {@code AES(k, IV + j)}, XORed into the data.
 *
 * <p>Built on {@code AES/ECB/NoPadding} over a scratch array of counter blocks rather than on
 * {@code AES/CTR}: a CTR cipher needs a fresh {@code IvParameterSpec} and {@code init} per packet,
 * while an ECB cipher is keyed once and then only {@code update}d, so the steady state allocates
 * nothing. The JDK's AES intrinsics apply to both.
 *
 * <p>SRTP IVs always have their low 16 bits zero, and the counter lives there: one call covers at
 * most 2^16 blocks (1 MiB), far more than any datagram. Not thread-safe.
 */
final class AesCounterKeystream {

    static final int BLOCK = 16;
    /** Largest keystream one call may produce: the 16-bit block counter must not carry. */
    static final int MAX_LENGTH = 65536 * BLOCK;
    /** Blocks encrypted per ECB call: 1500-byte datagrams fit in one round. */
    private static final int CHUNK_BLOCKS = 96;

    /**
     * Counter blocks and keystream are scratch, so one pair per thread serves every context that thread
     * runs (a media loop runs thousands of sessions): as fields they cost 3 KB per context, 12 KB per
     * session (RTP and RTCP, each way).
     */
    private static final ThreadLocal<byte[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new byte[][] {new byte[CHUNK_BLOCKS * BLOCK], new byte[CHUNK_BLOCKS * BLOCK]});

    private final Cipher ecb;

    AesCounterKeystream(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks AES/ECB/NoPadding", e);
        }
    }

    /**
     * XORs {@code len} bytes of keystream for {@code iv} into {@code data[off..off+len)}.
     *
     * @param iv 16 bytes whose last two are zero (the block counter)
     */
    void xor(byte[] iv, byte[] data, int off, int len) throws GeneralSecurityException {
        if (len > MAX_LENGTH) {
            throw new GeneralSecurityException("AES-CM keystream limited to 2^16 blocks");
        }
        byte[][] scratch = SCRATCH.get();
        byte[] counters = scratch[0];
        byte[] keystream = scratch[1];
        int block = 0;
        int pos = off;
        int remaining = len;
        while (remaining > 0) {
            int n = Math.min(remaining, counters.length);
            int blocks = (n + BLOCK - 1) / BLOCK;
            for (int b = 0; b < blocks; b++, block++) {
                int c = b * BLOCK;
                System.arraycopy(iv, 0, counters, c, BLOCK - 2);
                counters[c + 14] = (byte) (block >>> 8);
                counters[c + 15] = (byte) block;
            }
            ecb.update(counters, 0, blocks * BLOCK, keystream, 0);
            for (int i = 0; i < n; i++) {
                data[pos + i] ^= keystream[i];
            }
            pos += n;
            remaining -= n;
        }
    }
}
