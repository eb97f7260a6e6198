package net.voxedge.edge.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * SRTP and SRTCP protection (RFC 3711; AES-GCM per RFC 7714) under one master key and salt,
 * i.e. for one direction of one DTLS-SRTP association: build one with {@link #forSending} for
 * what we send and one with {@link #forReceiving} for what we receive.
 *
 * <p>All four transforms work in place on {@code buf[off..off+len)} and return the new length,
 * or a negative {@link SrtpError#code()}; they never throw on packet input, whatever its bytes.
 * Protecting appends the tag (and for SRTCP the E||index word), so the caller must leave
 * {@link #rtpOverhead()} / {@link #rtcpOverhead()} spare bytes after the packet. On failure the
 * packet bytes are undefined but no per-stream state has changed.
 *
 * <p>Per-SSRC state (rollover counter, highest index, replay window; SRTCP index and its
 * window) is kept separately for protecting and unprotecting, in fixed tables of
 * {@code maxSsrcs} entries each. A new SSRC only gets a slot once one of its packets has
 * authenticated, so forged packets create nothing; when the table is full, new SSRCs are
 * rejected with {@link SrtpError#SSRC_LIMIT} rather than evicting a live stream (eviction would
 * drop that stream's replay window). Protecting also refuses an index it already used
 * ({@link SrtpError#REPLAYED}): reusing a counter-mode or GCM nonce under one key would leak
 * plaintext. The SRTCP index starts at 0 per SSRC (RFC 3711 §3.4). MKIs are not supported
 * (WebRTC does not use them).
 *
 * <p>Not thread-safe: one thread at a time (the IO layer confines a session to one worker).
 */
public final class SrtpContext {

    /** Default replay window in packets; RFC 3711 requires at least 64. */
    public static final int DEFAULT_REPLAY_WINDOW = 128;
    /** Default number of SSRCs tracked per direction and packet kind. */
    public static final int DEFAULT_MAX_SSRCS = 16;
    /** Largest packet accepted or produced: the most a UDP datagram can carry. */
    public static final int MAX_PACKET_LENGTH = 65535;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final int SRTCP_INDEX_LENGTH = 4;
    private static final int MAX_SRTCP_INDEX = 0x7FFF_FFFF;

    private final SrtpProfile profile;
    private final SrtpPacketCipher rtp;
    private final SrtpPacketCipher rtcp;
    private final SrtpStreamTable rtpSent;
    private final SrtpStreamTable rtpReceived;
    private final SrtpStreamTable rtcpSent;
    private final SrtpStreamTable rtcpReceived;

    /** A context with the default replay window and SSRC capacity. */
    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile, masterKey, masterSalt, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_SSRCS);
    }

    /**
     * @param replayWindow packets remembered behind the highest index: a multiple of 64, >= 64
     * @param maxSsrcs     SSRCs tracked per direction and packet kind
     * @throws IllegalArgumentException if the key or salt length does not match the profile
     */
    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int replayWindow,
                       int maxSsrcs) {
        Objects.requireNonNull(profile, "profile");
        if (masterKey.length != profile.masterKeyLength() || masterSalt.length != profile.masterSaltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.masterKeyLength()
                    + "-byte master key and a " + profile.masterSaltLength() + "-byte master salt");
        }
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(masterKey, masterSalt);
        this.profile = profile;
        this.rtp = cipher(profile, kdf, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION,
                SrtpKeyDerivation.LABEL_RTP_AUTH, SrtpKeyDerivation.LABEL_RTP_SALT, profile.rtpAuthTagLength());
        this.rtcp = cipher(profile, kdf, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION,
                SrtpKeyDerivation.LABEL_RTCP_AUTH, SrtpKeyDerivation.LABEL_RTCP_SALT, profile.rtcpAuthTagLength());
        this.rtpSent = new SrtpStreamTable(maxSsrcs, replayWindow);
        this.rtpReceived = new SrtpStreamTable(maxSsrcs, replayWindow);
        this.rtcpSent = new SrtpStreamTable(maxSsrcs, replayWindow);
        this.rtcpReceived = new SrtpStreamTable(maxSsrcs, replayWindow);
    }

    /** For tests that start from session keys (RFC 7714's vectors do). */
    SrtpContext(SrtpProfile profile, SrtpPacketCipher rtp, SrtpPacketCipher rtcp) {
        this.profile = profile;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.rtpSent = new SrtpStreamTable(DEFAULT_MAX_SSRCS, DEFAULT_REPLAY_WINDOW);
        this.rtpReceived = new SrtpStreamTable(DEFAULT_MAX_SSRCS, DEFAULT_REPLAY_WINDOW);
        this.rtcpSent = new SrtpStreamTable(DEFAULT_MAX_SSRCS, DEFAULT_REPLAY_WINDOW);
        this.rtcpReceived = new SrtpStreamTable(DEFAULT_MAX_SSRCS, DEFAULT_REPLAY_WINDOW);
    }

    /** The context that protects what we send, keyed with the local half of {@code keys}. */
    public static SrtpContext forSending(SrtpKeyMaterial keys) {
        return new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt());
    }

    /** The context that unprotects what we receive, keyed with the remote half of {@code keys}. */
    public static SrtpContext forReceiving(SrtpKeyMaterial keys) {
        return new SrtpContext(keys.profile(), keys.remoteMasterKey(), keys.remoteMasterSalt());
    }

    private static SrtpPacketCipher cipher(SrtpProfile profile, SrtpKeyDerivation kdf, int keyLabel,
                                           int authLabel, int saltLabel, int tagLength) {
        byte[] key = kdf.derive(keyLabel, profile.masterKeyLength());
        byte[] salt = kdf.derive(saltLabel, profile.masterSaltLength());
        byte[] auth = kdf.derive(authLabel, profile.authKeyLength());
        try {
            return profile.isAead()
                    ? new AesGcmPacketCipher(key, salt)
                    : new AesCmHmacPacketCipher(key, salt, auth, tagLength);
        } finally {
            // The JCA key specs hold their own copies.
            Arrays.fill(key, (byte) 0);
            Arrays.fill(auth, (byte) 0);
        }
    }

    /** The profile this context was keyed for. */
    public SrtpProfile profile() {
        return profile;
    }

    /** Spare bytes {@link #protectRtp} needs after the packet. */
    public int rtpOverhead() {
        return rtp.tagLength();
    }

    /** Spare bytes {@link #protectRtcp} needs after the packet. */
    public int rtcpOverhead() {
        return SRTCP_INDEX_LENGTH + rtcp.tagLength();
    }

    /**
     * Encrypts the RTP packet in {@code buf[off..off+len)} in place and appends the tag.
     *
     * @return the SRTP packet length, or a negative {@link SrtpError} code
     */
    public int protectRtp(byte[] buf, int off, int len) {
        int tag = rtp.tagLength();
        if (!isRange(buf, off, len)) {
            return SrtpError.INVALID_ARGUMENT.code();
        }
        if (len > MAX_PACKET_LENGTH - tag) {
            return SrtpError.TOO_LONG.code();
        }
        if (buf.length - off - len < tag) {
            return SrtpError.BUFFER_TOO_SMALL.code();
        }
        int headerLen = rtpHeaderLength(buf, off, len);
        if (headerLen < 0) {
            return headerLen;
        }
        int seq = readU16(buf, off + 2);
        int ssrc = readInt(buf, off + 8);
        int slot = rtpSent.find(ssrc);
        long index = seq;
        if (slot >= 0) {
            index = RtpPacketIndex.estimate(rtpSent.highest(slot), seq);
            int verdict = checkIndex(rtpSent, slot, index);
            if (verdict < 0) {
                return verdict;
            }
        } else if (rtpSent.isFull()) {
            return SrtpError.SSRC_LIMIT.code();
        }
        int sealed;
        try {
            sealed = rtp.sealRtp(buf, off, headerLen, len, ssrc, index);
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO_FAILURE.code();
        }
        record(rtpSent, slot, ssrc, index);
        return sealed;
    }

    /**
     * Authenticates and decrypts the SRTP packet in {@code buf[off..off+len)} in place.
     *
     * @return the RTP packet length (tag removed), or a negative {@link SrtpError} code
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        int tag = rtp.tagLength();
        if (!isRange(buf, off, len)) {
            return SrtpError.INVALID_ARGUMENT.code();
        }
        if (len < RTP_HEADER + tag) {
            return SrtpError.TOO_SHORT.code();
        }
        if (len > MAX_PACKET_LENGTH) {
            return SrtpError.TOO_LONG.code();
        }
        int headerLen = rtpHeaderLength(buf, off, len - tag);
        if (headerLen < 0) {
            return headerLen;
        }
        int seq = readU16(buf, off + 2);
        int ssrc = readInt(buf, off + 8);
        int slot = rtpReceived.find(ssrc);
        long index = seq;
        if (slot >= 0) {
            index = RtpPacketIndex.estimate(rtpReceived.highest(slot), seq);
            int verdict = checkIndex(rtpReceived, slot, index);
            if (verdict < 0) {
                return verdict;
            }
        } else if (rtpReceived.isFull()) {
            return SrtpError.SSRC_LIMIT.code();
        }
        try {
            if (!rtp.openRtp(buf, off, headerLen, len, ssrc, index)) {
                return SrtpError.AUTH_FAILED.code();
            }
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO_FAILURE.code();
        }
        record(rtpReceived, slot, ssrc, index);
        return len - tag;
    }

    /**
     * Encrypts the RTCP compound packet in {@code buf[off..off+len)} in place and appends the
     * E||SRTCP index word and the tag (in the order the profile defines).
     *
     * @return the SRTCP packet length, or a negative {@link SrtpError} code
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        int overhead = rtcpOverhead();
        if (!isRange(buf, off, len)) {
            return SrtpError.INVALID_ARGUMENT.code();
        }
        if (len > MAX_PACKET_LENGTH - overhead) {
            return SrtpError.TOO_LONG.code();
        }
        if (buf.length - off - len < overhead) {
            return SrtpError.BUFFER_TOO_SMALL.code();
        }
        if (len < RTCP_HEADER) {
            return SrtpError.TOO_SHORT.code();
        }
        if (!isVersion2(buf[off])) {
            return SrtpError.BAD_HEADER.code();
        }
        int ssrc = readInt(buf, off + 4);
        int slot = rtcpSent.find(ssrc);
        long index = 0;
        if (slot >= 0) {
            index = rtcpSent.highest(slot) + 1;
            if (index > MAX_SRTCP_INDEX) {
                return SrtpError.INDEX_EXHAUSTED.code();
            }
        } else if (rtcpSent.isFull()) {
            return SrtpError.SSRC_LIMIT.code();
        }
        int sealed;
        try {
            sealed = rtcp.sealRtcp(buf, off, len, ssrc, (int) index, true);
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO_FAILURE.code();
        }
        record(rtcpSent, slot, ssrc, index);
        return sealed;
    }

    /**
     * Authenticates and (when its E bit is set) decrypts the SRTCP packet in
     * {@code buf[off..off+len)} in place.
     *
     * @return the RTCP compound packet length, or a negative {@link SrtpError} code
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        int overhead = rtcpOverhead();
        if (!isRange(buf, off, len)) {
            return SrtpError.INVALID_ARGUMENT.code();
        }
        if (len < RTCP_HEADER + overhead) {
            return SrtpError.TOO_SHORT.code();
        }
        if (len > MAX_PACKET_LENGTH) {
            return SrtpError.TOO_LONG.code();
        }
        if (!isVersion2(buf[off])) {
            return SrtpError.BAD_HEADER.code();
        }
        int word = readInt(buf, off + rtcp.rtcpIndexOffset(len));
        boolean encrypted = word < 0;
        int index = word & MAX_SRTCP_INDEX;
        int ssrc = readInt(buf, off + 4);
        int slot = rtcpReceived.find(ssrc);
        if (slot >= 0) {
            int verdict = rtcpReceived.check(slot, index);
            if (verdict < 0) {
                return verdict;
            }
        } else if (rtcpReceived.isFull()) {
            return SrtpError.SSRC_LIMIT.code();
        }
        try {
            if (!rtcp.openRtcp(buf, off, len, ssrc, index, encrypted)) {
                return SrtpError.AUTH_FAILED.code();
            }
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO_FAILURE.code();
        }
        record(rtcpReceived, slot, ssrc, index);
        return len - overhead;
    }

    /** SSRCs with receive state, for tests: proves forged packets create none. */
    int receivedRtpStreams() {
        return rtpReceived.size();
    }

    /** As {@link #receivedRtpStreams()} for SRTCP. */
    int receivedRtcpStreams() {
        return rtcpReceived.size();
    }

    private static int checkIndex(SrtpStreamTable table, int slot, long index) {
        if (index < 0) {
            return SrtpError.TOO_OLD.code();
        }
        if (index > RtpPacketIndex.MAX) {
            return SrtpError.INDEX_EXHAUSTED.code();
        }
        return table.check(slot, index);
    }

    private static void record(SrtpStreamTable table, int slot, int ssrc, long index) {
        if (slot >= 0) {
            table.accept(slot, index);
        } else {
            table.add(ssrc, index);
        }
    }

    /**
     * Length of the RTP header (fixed part, CSRCs, extension) within the first {@code len}
     * bytes, or a negative error code.
     */
    private static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_HEADER) {
            return SrtpError.TOO_SHORT.code();
        }
        int first = buf[off];
        if (!isVersion2(buf[off])) {
            return SrtpError.BAD_HEADER.code();
        }
        int headerLen = RTP_HEADER + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (headerLen + 4 > len) {
                return SrtpError.BAD_HEADER.code();
            }
            headerLen += 4 + 4 * readU16(buf, off + headerLen + 2);
        }
        return headerLen <= len ? headerLen : SrtpError.BAD_HEADER.code();
    }

    private static boolean isVersion2(byte first) {
        return (first & 0xC0) == 0x80;
    }

    private static boolean isRange(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }

    private static int readU16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
