package net.voxedge.edge.srtp;

import java.security.GeneralSecurityException;
import net.voxedge.edge.crypto.HmacSha1;

/**
 * AES-128 counter mode with a truncated HMAC-SHA1 tag (RFC 3711 §4.1.1, §4.2).
 *
 * <p>SRTP authenticates header || encrypted payload || ROC; SRTCP authenticates header ||
 * encrypted payload || E||index. The IV is {@code (salt * 2^16) XOR (SSRC * 2^64) XOR
 * (index * 2^16)} for both, with the 48-bit SRTP index or the 31-bit SRTCP index.
 *
 * <p>Allocates nothing per packet: the tag comes from {@link HmacSha1}, not {@code javax.crypto.Mac},
 * whose {@code doFinal} allocates a digest array on every call. Not thread-safe.
 */
final class AesCmHmacPacketCipher implements SrtpPacketCipher {

    private static final int RTCP_HEADER = 8;

    private final AesCounterKeystream keystream;
    private final byte[] salt;
    private final HmacSha1 mac;
    private final int tagLength;
    private final byte[] iv = new byte[AesCounterKeystream.BLOCK];
    private final byte[] word = new byte[4];
    private final byte[] computed;

    AesCmHmacPacketCipher(byte[] encryptionKey, byte[] salt, byte[] authKey, int tagLength) {
        if (salt.length != 14) {
            throw new IllegalArgumentException("AES-CM session salt must be 14 bytes");
        }
        this.keystream = new AesCounterKeystream(encryptionKey);
        this.salt = salt.clone();
        this.tagLength = tagLength;
        this.mac = new HmacSha1(authKey);
        this.computed = new byte[HmacSha1.MAC_LENGTH];
    }

    @Override
    public int tagLength() {
        return tagLength;
    }

    @Override
    public int sealRtp(byte[] buf, int off, int headerLen, int len, int ssrc, long index)
            throws GeneralSecurityException {
        setIv(ssrc, index);
        keystream.xor(iv, buf, off + headerLen, len - headerLen);
        authenticate(buf, off, len, (int) (index >>> 16), true);
        System.arraycopy(computed, 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    @Override
    public boolean openRtp(byte[] buf, int off, int headerLen, int len, int ssrc, long index)
            throws GeneralSecurityException {
        int authenticated = len - tagLength;
        authenticate(buf, off, authenticated, (int) (index >>> 16), true);
        if (!tagMatches(buf, off + authenticated)) {
            return false;
        }
        setIv(ssrc, index);
        keystream.xor(iv, buf, off + headerLen, authenticated - headerLen);
        return true;
    }

    @Override
    public int sealRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypt)
            throws GeneralSecurityException {
        if (encrypt) {
            setIv(ssrc, index);
            keystream.xor(iv, buf, off + RTCP_HEADER, len - RTCP_HEADER);
        }
        writeInt(buf, off + len, encrypt ? index | 0x8000_0000 : index);
        authenticate(buf, off, len + 4, 0, false);
        System.arraycopy(computed, 0, buf, off + len + 4, tagLength);
        return len + 4 + tagLength;
    }

    @Override
    public boolean openRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypted)
            throws GeneralSecurityException {
        int authenticated = len - tagLength;
        authenticate(buf, off, authenticated, 0, false);
        if (!tagMatches(buf, off + authenticated)) {
            return false;
        }
        if (encrypted) {
            setIv(ssrc, index);
            keystream.xor(iv, buf, off + RTCP_HEADER, authenticated - 4 - RTCP_HEADER);
        }
        return true;
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - tagLength - 4;
    }

    private void setIv(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
    }

    private void authenticate(byte[] buf, int off, int len, int roc, boolean appendRoc) {
        mac.update(buf, off, len);
        if (appendRoc) {
            writeInt(word, 0, roc);
            mac.update(word, 0, 4);
        }
        mac.doFinal(computed, 0);
    }

    /** Constant time, so a forger learns nothing from how fast a guess is rejected. */
    private boolean tagMatches(byte[] buf, int tagOff) {
        int diff = 0;
        for (int i = 0; i < tagLength; i++) {
            diff |= computed[i] ^ buf[tagOff + i];
        }
        return diff == 0;
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
