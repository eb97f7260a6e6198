package net.voxedge.edge.srtp;

import static net.voxedge.edge.srtp.SrtpFixtures.SSRC;
import static net.voxedge.edge.srtp.SrtpFixtures.rtcp;
import static net.voxedge.edge.srtp.SrtpFixtures.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpContextTest {

    private static final int PAYLOAD = 148; // 160-byte Opus-sized RTP packet

    /** Protects RTP packet {@code seq} with {@code sender} and returns the wire bytes (exact length). */
    private static byte[] send(SrtpContext sender, int seq, int ssrc) {
        byte[] buf = rtp(seq, ssrc, PAYLOAD, sender.rtpOverhead());
        int n = sender.protectRtp(buf, 0, 12 + PAYLOAD);
        assertThat(n).as("protect seq %d", seq).isEqualTo(12 + PAYLOAD + sender.rtpOverhead());
        return buf;
    }

    private static int receive(SrtpContext receiver, byte[] wire) {
        return receiver.unprotectRtp(wire.clone(), 0, wire.length);
    }

    private static void assertReceived(SrtpContext receiver, byte[] wire, int seq, int ssrc) {
        byte[] buf = wire.clone();
        int n = receiver.unprotectRtp(buf, 0, buf.length);
        assertThat(n).as("unprotect seq %d", seq).isEqualTo(12 + PAYLOAD);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(Arrays.copyOf(rtp(seq, ssrc, PAYLOAD, 0), n));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void roundTripEncryptsThePayloadOnly(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        byte[] wire = send(sender, 1000, SSRC);
        byte[] plain = rtp(1000, SSRC, PAYLOAD, 0);
        assertThat(Arrays.copyOf(wire, 12)).isEqualTo(Arrays.copyOf(plain, 12));
        assertThat(Arrays.copyOfRange(wire, 12, 12 + PAYLOAD)).isNotEqualTo(Arrays.copyOfRange(plain, 12, 12 + PAYLOAD));
        assertReceived(SrtpFixtures.context(profile), wire, 1000, SSRC);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceWrapIncrementsTheRolloverCounterOnBothSides(SrtpProfile profile) throws Exception {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        List<Integer> seqs = new ArrayList<>();
        for (int s = 65530; s < 65536 + 10; s++) {
            seqs.add(s & 0xFFFF);
        }
        List<byte[]> wire = new ArrayList<>();
        for (int seq : seqs) {
            wire.add(send(sender, seq, SSRC));
        }
        // Delivered out of order around the wrap: 65534 after 0, 1 after 3, and so on.
        int[] order = {0, 1, 2, 3, 6, 4, 5, 8, 7, 10, 9, 11, 13, 12, 15, 14};
        for (int i : order) {
            assertReceived(receiver, wire.get(i), seqs.get(i), SSRC);
        }

        // Independent check that seq 0 after the wrap was sealed with ROC 1 (index 65536):
        // the same session cipher with the index given explicitly must produce the same bytes.
        byte[][] k = SrtpFixtures.masterKeys(profile, 1);
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(k[0], k[1]);
        SrtpPacketCipher cipher = profile.isAead()
                ? new AesGcmPacketCipher(kdf.derive(0, profile.masterKeyLength()), kdf.derive(2, 12))
                : new AesCmHmacPacketCipher(kdf.derive(0, 16), kdf.derive(2, 14), kdf.derive(1, 20),
                        profile.rtpAuthTagLength());
        byte[] expected = rtp(0, SSRC, PAYLOAD, cipher.tagLength());
        cipher.sealRtp(expected, 0, 12, 12 + PAYLOAD, SSRC, 65536L);
        assertThat(wire.get(seqs.indexOf(0))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedPacketIsRejected(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        byte[] p1 = send(sender, 10, SSRC);
        byte[] p2 = send(sender, 11, SSRC);
        assertReceived(receiver, p2, 11, SSRC);
        assertReceived(receiver, p1, 10, SSRC);
        assertThat(receive(receiver, p1)).isEqualTo(SrtpError.REPLAYED.code());
        assertThat(receive(receiver, p2)).isEqualTo(SrtpError.REPLAYED.code());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetBehindTheWindowIsTooOld(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        byte[] old = send(sender, 100, SSRC);
        byte[] edge = send(sender, 101, SSRC);
        byte[] latest = send(sender, 100 + SrtpContext.DEFAULT_REPLAY_WINDOW, SSRC);
        assertReceived(receiver, latest, 100 + SrtpContext.DEFAULT_REPLAY_WINDOW, SSRC);
        assertThat(receive(receiver, old)).isEqualTo(SrtpError.TOO_OLD.code());
        assertReceived(receiver, edge, 101, SSRC); // exactly window-1 behind: still checkable
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetFromBeforeTheStreamStartIsTooOld(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        byte[] first = send(sender, 5, SSRC);
        byte[] second = send(sender, 6, SSRC);
        assertReceived(receiver, second, 6, SSRC);
        // 65535 relative to s_l = 6 means ROC - 1 = -1: before the stream began.
        byte[] wrapped = rtp(65535, SSRC, PAYLOAD, 64);
        assertThat(receiver.unprotectRtp(wrapped, 0, 12 + PAYLOAD + receiver.rtpOverhead()))
                .isEqualTo(SrtpError.TOO_OLD.code());
        assertReceived(receiver, first, 5, SSRC);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everySingleBitFlipFailsAndLeavesStateAlone(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        for (int seq = 100; seq < 105; seq++) {
            assertReceived(receiver, send(sender, seq, SSRC), seq, SSRC);
        }
        byte[] older = send(sender, 150, SSRC);
        byte[] target = send(sender, 200, SSRC);
        for (int bit = 0; bit < target.length * 8; bit++) {
            byte[] forged = target.clone();
            forged[bit / 8] ^= (byte) (1 << (bit % 8));
            int result = receive(receiver, forged);
            int at = bit / 8;
            if (at == 0 || at == 2 || at == 3) {
                // version/CC/X bits may fail as BAD_HEADER, sequence bits as an index error first
                assertThat(result).as("bit %d", bit).isNegative();
            } else {
                assertThat(result).as("bit %d", bit).isEqualTo(SrtpError.AUTH_FAILED.code());
            }
        }
        assertThat(receiver.receivedRtpStreams()).isEqualTo(1);
        assertReceived(receiver, target, 200, SSRC);
        // Had a forged packet advanced the highest index, 150 would now be too old or replayed.
        assertReceived(receiver, older, 150, SSRC);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everySingleBitFlipInSrtcpFails(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        byte[] wire = rtcp(SSRC, sender.rtcpOverhead());
        int n = sender.protectRtcp(wire, 0, 32);
        assertThat(n).isEqualTo(32 + sender.rtcpOverhead());
        for (int bit = 0; bit < n * 8; bit++) {
            byte[] forged = wire.clone();
            forged[bit / 8] ^= (byte) (1 << (bit % 8));
            int result = receiver.unprotectRtcp(forged, 0, n);
            if (bit == 6 || bit == 7) { // the version field
                assertThat(result).as("bit %d", bit).isEqualTo(SrtpError.BAD_HEADER.code());
            } else {
                assertThat(result).as("bit %d", bit).isEqualTo(SrtpError.AUTH_FAILED.code());
            }
        }
        assertThat(receiver.receivedRtcpStreams()).isZero();
        byte[] buf = wire.clone();
        assertThat(receiver.unprotectRtcp(buf, 0, n)).isEqualTo(32);
        assertThat(Arrays.copyOf(buf, 32)).isEqualTo(Arrays.copyOf(rtcp(SSRC, 0), 32));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketCreatesNoSsrcState(SrtpProfile profile) {
        byte[][] k = SrtpFixtures.masterKeys(profile, 1);
        SrtpContext receiver = new SrtpContext(profile, k[0], k[1], 64, 1);
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext attacker = new SrtpContext(profile, SrtpFixtures.masterKeys(profile, 9)[0], k[1]);

        int result = receive(receiver, send(attacker, 40000, 0xBAD));
        assertThat(result).isEqualTo(SrtpError.AUTH_FAILED.code());
        assertThat(receiver.receivedRtpStreams()).isZero();
        // The only slot is still free for the genuine stream.
        assertReceived(receiver, send(sender, 7, SSRC), 7, SSRC);
        assertThat(receive(receiver, send(sender, 1, 0xCAFE))).isEqualTo(SrtpError.SSRC_LIMIT.code());
    }

    @Test
    void forgedPacketOnAKnownSsrcDoesNotMoveItsIndex() {
        SrtpProfile profile = SrtpProfile.AES128_CM_HMAC_SHA1_80;
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        SrtpContext attacker = new SrtpContext(profile, SrtpFixtures.masterKeys(profile, 9)[0],
                SrtpFixtures.masterKeys(profile, 1)[1]);
        assertReceived(receiver, send(sender, 10, SSRC), 10, SSRC);
        assertThat(receive(receiver, send(attacker, 30000, SSRC))).isEqualTo(SrtpError.AUTH_FAILED.code());
        assertReceived(receiver, send(sender, 11, SSRC), 11, SSRC);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void ssrcTableRejectsNewStreamsWhenFull(SrtpProfile profile) {
        byte[][] k = SrtpFixtures.masterKeys(profile, 1);
        SrtpContext sender = new SrtpContext(profile, k[0], k[1], 64, 2);
        SrtpContext receiver = new SrtpContext(profile, k[0], k[1], 64, 2);
        SrtpContext roomySender = SrtpFixtures.context(profile);
        assertReceived(receiver, send(sender, 1, 1), 1, 1);
        assertReceived(receiver, send(sender, 1, 2), 1, 2);
        byte[] third = rtp(1, 3, PAYLOAD, 64);
        assertThat(sender.protectRtp(third, 0, 12 + PAYLOAD)).isEqualTo(SrtpError.SSRC_LIMIT.code());
        assertThat(receive(receiver, send(roomySender, 1, 3))).isEqualTo(SrtpError.SSRC_LIMIT.code());
        // Known streams keep working.
        assertReceived(receiver, send(sender, 2, 1), 2, 1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingTheSameIndexTwiceIsRefused(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        send(sender, 5, SSRC);
        byte[] again = rtp(5, SSRC, PAYLOAD, 64);
        assertThat(sender.protectRtp(again, 0, 12 + PAYLOAD)).isEqualTo(SrtpError.REPLAYED.code());
        assertThat(again).isEqualTo(rtp(5, SSRC, PAYLOAD, 64)); // untouched
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void headerWithCsrcsAndExtensionIsAuthenticatedButNotEncrypted(SrtpProfile profile) {
        // V=2, X=1, CC=2; two CSRCs; a one-byte-header extension of 2 words; 20 payload bytes.
        byte[] plain = SrtpFixtures.hex("""
                92 6f 00 07 00 00 1a 40 12 34 56 78  11111111 22222222
                bede 0002 10 aa 21 bbcc 000000  0102030405060708090a0b0c0d0e0f1011121314""");
        SrtpContext sender = SrtpFixtures.context(profile);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int n = sender.protectRtp(buf, 0, plain.length);
        assertThat(n).isEqualTo(plain.length + sender.rtpOverhead());
        assertThat(Arrays.copyOf(buf, 32)).isEqualTo(Arrays.copyOf(plain, 32));
        assertThat(Arrays.copyOfRange(buf, 32, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 32, plain.length));

        byte[] tampered = Arrays.copyOf(buf, n);
        tampered[29] ^= 0x40; // inside the extension
        assertThat(SrtpFixtures.context(profile).unprotectRtp(tampered, 0, n)).isEqualTo(SrtpError.AUTH_FAILED.code());

        byte[] wire = Arrays.copyOf(buf, n);
        assertThat(SrtpFixtures.context(profile).unprotectRtp(wire, 0, n)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(wire, plain.length)).isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedInputs(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        byte[] wire = send(sender, 1, SSRC);
        int minimum = 12 + receiver.rtpOverhead();
        for (int len = 0; len < minimum; len++) {
            assertThat(receiver.unprotectRtp(wire.clone(), 0, len)).as("len %d", len)
                    .isEqualTo(SrtpError.TOO_SHORT.code());
        }
        for (int len = minimum; len < wire.length; len++) {
            assertThat(receiver.unprotectRtp(wire.clone(), 0, len)).as("len %d", len)
                    .isEqualTo(SrtpError.AUTH_FAILED.code());
        }
        assertThat(receiver.unprotectRtcp(new byte[40], 0, 7 + receiver.rtcpOverhead()))
                .isEqualTo(SrtpError.TOO_SHORT.code());
        assertThat(sender.protectRtp(new byte[64], 0, 11)).isEqualTo(SrtpError.TOO_SHORT.code());
        assertThat(sender.protectRtcp(new byte[64], 0, 7)).isEqualTo(SrtpError.TOO_SHORT.code());
        assertThat(receiver.receivedRtpStreams()).isZero();
    }

    @Test
    void headerThatRunsPastThePacketIsBadHeader() {
        SrtpContext ctx = SrtpFixtures.context(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] csrcs = rtp(1, SSRC, 20, 16);
        csrcs[0] = (byte) 0x8F; // 15 CSRCs = 60 bytes, more than the 20-byte payload
        assertThat(ctx.protectRtp(csrcs, 0, 32)).isEqualTo(SrtpError.BAD_HEADER.code());
        assertThat(ctx.unprotectRtp(csrcs, 0, 42)).isEqualTo(SrtpError.BAD_HEADER.code());

        byte[] ext = rtp(1, SSRC, 20, 16);
        ext[0] = (byte) 0x90;
        ext[14] = (byte) 0xFF; // extension length 0xFF.. words
        assertThat(ctx.protectRtp(ext, 0, 32)).isEqualTo(SrtpError.BAD_HEADER.code());

        byte[] version1 = rtp(1, SSRC, 20, 16);
        version1[0] = 0x40;
        assertThat(ctx.protectRtp(version1, 0, 32)).isEqualTo(SrtpError.BAD_HEADER.code());
        assertThat(ctx.unprotectRtp(version1, 0, 42)).isEqualTo(SrtpError.BAD_HEADER.code());
        assertThat(ctx.protectRtcp(version1, 0, 32)).isEqualTo(SrtpError.BAD_HEADER.code());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void capacityAndRangeAreChecked(SrtpProfile profile) {
        SrtpContext ctx = SrtpFixtures.context(profile);
        byte[] tight = rtp(1, SSRC, PAYLOAD, ctx.rtpOverhead() - 1);
        byte[] before = tight.clone();
        assertThat(ctx.protectRtp(tight, 0, 12 + PAYLOAD)).isEqualTo(SrtpError.BUFFER_TOO_SMALL.code());
        assertThat(tight).isEqualTo(before);
        assertThat(ctx.protectRtcp(rtcp(SSRC, ctx.rtcpOverhead() - 1), 0, 32))
                .isEqualTo(SrtpError.BUFFER_TOO_SMALL.code());

        byte[] buf = new byte[100];
        assertThat(ctx.protectRtp(buf, -1, 20)).isEqualTo(SrtpError.INVALID_ARGUMENT.code());
        assertThat(ctx.protectRtp(buf, 90, 20)).isEqualTo(SrtpError.INVALID_ARGUMENT.code());
        assertThat(ctx.unprotectRtp(buf, 0, 101)).isEqualTo(SrtpError.INVALID_ARGUMENT.code());
        assertThat(ctx.unprotectRtp(buf, 50, -1)).isEqualTo(SrtpError.INVALID_ARGUMENT.code());
        assertThat(ctx.unprotectRtcp(null, 0, 0)).isEqualTo(SrtpError.INVALID_ARGUMENT.code());
        assertThat(ctx.unprotectRtcp(buf, Integer.MAX_VALUE, 10)).isEqualTo(SrtpError.INVALID_ARGUMENT.code());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void oversizedInputs(SrtpProfile profile) {
        SrtpContext ctx = SrtpFixtures.context(profile);
        byte[] huge = rtp(1, SSRC, 70000, 64);
        assertThat(ctx.protectRtp(huge, 0, huge.length - 64)).isEqualTo(SrtpError.TOO_LONG.code());
        assertThat(ctx.unprotectRtp(huge, 0, huge.length)).isEqualTo(SrtpError.TOO_LONG.code());
        assertThat(ctx.unprotectRtcp(huge, 0, huge.length)).isEqualTo(SrtpError.TOO_LONG.code());
        // Exactly as long as a datagram allows still round-trips, at a non-zero offset.
        int len = SrtpContext.MAX_PACKET_LENGTH - ctx.rtpOverhead();
        byte[] big = new byte[7 + SrtpContext.MAX_PACKET_LENGTH];
        System.arraycopy(rtp(9, SSRC, len - 12, 0), 0, big, 7, len);
        int n = ctx.protectRtp(big, 7, len);
        assertThat(n).isEqualTo(SrtpContext.MAX_PACKET_LENGTH);
        assertThat(SrtpFixtures.context(profile).unprotectRtp(big, 7, n)).isEqualTo(len);
        assertThat(Arrays.copyOfRange(big, 7, 7 + len)).isEqualTo(rtp(9, SSRC, len - 12, 0));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpRoundTripCountsTheIndexAndRejectsReplays(SrtpProfile profile) {
        SrtpContext sender = SrtpFixtures.context(profile);
        SrtpContext receiver = SrtpFixtures.context(profile);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] buf = rtcp(SSRC, sender.rtcpOverhead());
            int n = sender.protectRtcp(buf, 0, 32);
            assertThat(n).isEqualTo(buf.length);
            int indexWord = profile.isAead() ? n - 4 : n - 4 - profile.rtcpAuthTagLength();
            assertThat(Arrays.copyOfRange(buf, indexWord, indexWord + 4))
                    .isEqualTo(new byte[] {(byte) 0x80, 0, 0, (byte) i});
            sent.add(buf);
        }
        for (int i : new int[] {2, 0, 1}) {
            byte[] buf = sent.get(i).clone();
            assertThat(receiver.unprotectRtcp(buf, 0, buf.length)).isEqualTo(32);
            assertThat(Arrays.copyOf(buf, 32)).isEqualTo(Arrays.copyOf(rtcp(SSRC, 0), 32));
        }
        assertThat(receiver.unprotectRtcp(sent.get(1).clone(), 0, sent.get(1).length))
                .isEqualTo(SrtpError.REPLAYED.code());
    }

    @Test
    void unencryptedSrtcpIsAcceptedWhenAuthenticated() throws Exception {
        byte[][] k = SrtpFixtures.masterKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 1);
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(k[0], k[1]);
        SrtpPacketCipher rtcpCipher = new AesCmHmacPacketCipher(kdf.derive(3, 16), kdf.derive(5, 14),
                kdf.derive(4, 20), 10);
        byte[] buf = rtcp(SSRC, 14);
        int n = rtcpCipher.sealRtcp(buf, 0, 32, SSRC, 3, false);
        assertThat(Arrays.copyOf(buf, 32)).isEqualTo(Arrays.copyOf(rtcp(SSRC, 0), 32));
        assertThat(SrtpFixtures.context(SrtpProfile.AES128_CM_HMAC_SHA1_80).unprotectRtcp(buf, 0, n)).isEqualTo(32);
    }

    @Test
    void differentKeysDoNotInteroperate() {
        SrtpContext a = SrtpFixtures.context(SrtpProfile.AEAD_AES_128_GCM);
        byte[][] k = SrtpFixtures.masterKeys(SrtpProfile.AEAD_AES_128_GCM, 2);
        SrtpContext b = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, k[0], k[1]);
        assertThat(receive(b, send(a, 1, SSRC))).isEqualTo(SrtpError.AUTH_FAILED.code());
    }

    @Test
    void aesCmProtectAndUnprotectAllocateNothing() {
        SrtpContext sender = SrtpFixtures.context(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        SrtpContext receiver = SrtpFixtures.context(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] template = rtp(0, SSRC, PAYLOAD, sender.rtpOverhead());
        byte[] buf = template.clone();
        int[] seq = {0};
        int[] rejected = {0};

        double bytes = AllocationMeter.bytesPerCall(20_000, () -> {
            System.arraycopy(template, 0, buf, 0, template.length);
            int s = ++seq[0];
            buf[2] = (byte) (s >>> 8);
            buf[3] = (byte) s;
            int n = sender.protectRtp(buf, 0, 12 + PAYLOAD);
            if (receiver.unprotectRtp(buf, 0, n) != 12 + PAYLOAD) {
                rejected[0]++;
            }
        });

        assertThat(rejected[0]).isZero();
        assertThat(bytes).isLessThan(1.0);
    }
}
