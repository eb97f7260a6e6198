package net.voxedge.edge.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD AES-GCM for SRTP and SRTCP (RFC 7714) with a 16-byte tag.
 *
 * <p>IV (§8.1, §9.1): {@code 00 00 || SSRC || ROC || SEQ} for SRTP and
 * {@code 00 00 || SSRC || 00 00 || 0 || SRTCP index} for SRTCP, XOR the 96-bit session salt;
 * both are "SSRC then the index as 48 bits", so one routine builds them. AAD: the whole RTP
 * header (CSRCs and extensions included); for SRTCP the 8-byte header plus the E||index word,
 * or, with E clear, the whole RTCP packet plus that word. Wire order for SRTCP is payload, tag,
 * then E||index (§9.2), unlike AES-CM where the index precedes the tag.
 *
 * <p>Allocation: by default the JDK's GCM, which needs a new {@link GCMParameterSpec} per init and
 * allocates ~1 KB per operation inside its engine; with {@code -Dvoxedge.srtp.gcm=openssl}, OpenSSL's
 * GCM through FFM ({@link OpensslAesGcm}), which allocates nothing per packet (opt-in until measured
 * faster on a quiet machine; falls back to the JDK when libcrypto.so.3 does not load).
 * Both give the same bytes (tested against RFC 7714's vectors and each other). Not thread-safe.
 */
final class AesGcmPacketCipher implements SrtpPacketCipher {

    static final int TAG_LENGTH = 16;
    private static final int RTCP_HEADER = 8;

    // OpenSSL's GCM through FFM when enabled and libcrypto loads (allocation-free); else the JDK's.
    private final OpensslAesGcm openssl;
    private final Cipher gcm;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final byte[] iv = new byte[12];
    private final byte[] word = new byte[4];

    // Opt-in until a quiet-machine run shows OpenSSL faster than the JDK at voice packet sizes
    // (BENCHMARKS.md, "Edge hot path"): it is allocation-free, but measured level so far.
    private static final boolean OPENSSL_BY_DEFAULT = "openssl".equals(System.getProperty("voxedge.srtp.gcm", "jdk"));

    AesGcmPacketCipher(byte[] encryptionKey, byte[] salt) {
        this(encryptionKey, salt, OPENSSL_BY_DEFAULT);
    }

    /** @param useOpenssl false forces the JDK's GCM (tests compare the two) */
    AesGcmPacketCipher(byte[] encryptionKey, byte[] salt, boolean useOpenssl) {
        if (salt.length != 12) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes");
        }
        this.salt = salt.clone();
        this.openssl = useOpenssl ? OpensslAesGcm.create(encryptionKey) : null;
        if (openssl != null) {
            this.key = null;
            this.gcm = null;
            return;
        }
        this.key = new SecretKeySpec(encryptionKey, "AES");
        try {
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks AES/GCM/NoPadding", e);
        }
    }

    /** Whether this instance runs on OpenSSL (else on the JDK). */
    boolean usesOpenssl() {
        return openssl != null;
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public int sealRtp(byte[] buf, int off, int headerLen, int len, int ssrc, long index)
            throws GeneralSecurityException {
        if (openssl != null) {
            iv(ssrc, index);
            int n = openssl.seal(iv, buf, off, headerLen, buf, off, 0, buf, off + headerLen, len - headerLen);
            return headerLen + checked(n);
        }
        init(Cipher.ENCRYPT_MODE, ssrc, index);
        gcm.updateAAD(buf, off, headerLen);
        return headerLen + gcm.doFinal(buf, off + headerLen, len - headerLen, buf, off + headerLen);
    }

    @Override
    public boolean openRtp(byte[] buf, int off, int headerLen, int len, int ssrc, long index)
            throws GeneralSecurityException {
        if (openssl != null) {
            iv(ssrc, index);
            int tagOff = off + len - TAG_LENGTH;
            return len - headerLen >= TAG_LENGTH && openssl.open(iv, buf, off, headerLen, buf, off, 0,
                    buf, off + headerLen, tagOff - off - headerLen, buf, tagOff);
        }
        init(Cipher.DECRYPT_MODE, ssrc, index);
        gcm.updateAAD(buf, off, headerLen);
        try {
            gcm.doFinal(buf, off + headerLen, len - headerLen, buf, off + headerLen);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        }
    }

    @Override
    public int sealRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypt)
            throws GeneralSecurityException {
        writeInt(word, 0, encrypt ? index | 0x8000_0000 : index);
        int sealed;
        if (openssl != null) {
            iv(ssrc, index);
            if (encrypt) {
                sealed = RTCP_HEADER + checked(openssl.seal(iv, buf, off, RTCP_HEADER, word, 0, 4,
                        buf, off + RTCP_HEADER, len - RTCP_HEADER));
            } else {
                sealed = len + checked(openssl.seal(iv, buf, off, len, word, 0, 4, buf, off + len, 0));
            }
            System.arraycopy(word, 0, buf, off + sealed, 4);
            return sealed + 4;
        }
        init(Cipher.ENCRYPT_MODE, ssrc, index);
        if (encrypt) {
            gcm.updateAAD(buf, off, RTCP_HEADER);
            gcm.updateAAD(word, 0, 4);
            sealed = RTCP_HEADER + gcm.doFinal(buf, off + RTCP_HEADER, len - RTCP_HEADER,
                    buf, off + RTCP_HEADER);
        } else {
            gcm.updateAAD(buf, off, len);
            gcm.updateAAD(word, 0, 4);
            sealed = len + gcm.doFinal(buf, off + len, 0, buf, off + len);
        }
        System.arraycopy(word, 0, buf, off + sealed, 4);
        return sealed + 4;
    }

    @Override
    public boolean openRtcp(byte[] buf, int off, int len, int ssrc, int index, boolean encrypted)
            throws GeneralSecurityException {
        int indexOff = off + len - 4;
        if (openssl != null) {
            iv(ssrc, index);
            int tagOff = indexOff - TAG_LENGTH;
            if (encrypted) {
                return tagOff - off >= RTCP_HEADER && openssl.open(iv, buf, off, RTCP_HEADER, buf, indexOff, 4,
                        buf, off + RTCP_HEADER, tagOff - off - RTCP_HEADER, buf, tagOff);
            }
            return tagOff >= off && openssl.open(iv, buf, off, tagOff - off, buf, indexOff, 4, buf, tagOff, 0, buf, tagOff);
        }
        init(Cipher.DECRYPT_MODE, ssrc, index);
        try {
            if (encrypted) {
                gcm.updateAAD(buf, off, RTCP_HEADER);
                gcm.updateAAD(buf, indexOff, 4);
                gcm.doFinal(buf, off + RTCP_HEADER, len - 4 - RTCP_HEADER, buf, off + RTCP_HEADER);
            } else {
                int tagOff = indexOff - TAG_LENGTH;
                gcm.updateAAD(buf, off, tagOff - off);
                gcm.updateAAD(buf, indexOff, 4);
                gcm.doFinal(buf, tagOff, TAG_LENGTH, buf, tagOff);
            }
            return true;
        } catch (AEADBadTagException e) {
            return false;
        }
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - 4;
    }

    private static int checked(int sealedLength) throws GeneralSecurityException {
        if (sealedLength < 0) {
            throw new GeneralSecurityException("OpenSSL AES-GCM refused the operation");
        }
        return sealedLength;
    }

    private void init(int mode, int ssrc, long index) throws GeneralSecurityException {
        iv(ssrc, index);
        gcm.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
    }

    /** The RFC 7714 IV: salt XOR (00 00 || SSRC || 48-bit index). */
    private void iv(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 12);
        iv[2] ^= (byte) (ssrc >>> 24);
        iv[3] ^= (byte) (ssrc >>> 16);
        iv[4] ^= (byte) (ssrc >>> 8);
        iv[5] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[11 - i] ^= (byte) (index >>> (8 * i));
        }
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
