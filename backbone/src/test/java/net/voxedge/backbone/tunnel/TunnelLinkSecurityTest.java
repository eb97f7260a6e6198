package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TunnelLinkSecurityTest {
    private SimulatedChannel ch;

    @BeforeEach
    void setUp() {
        ch = new SimulatedChannel(1);
        ch.recordSent = true;
        ch.blackhole = true; // datagrams are handed over by hand
    }

    private byte[] edgeMedia(int seq) {
        byte[] p = {1, 2, 3};
        assertThat(ch.edge.sendMedia(1, 0, seq, 0, 0, p, 0, 3, false, ch.now)).isEqualTo(SendStatus.SENT);
        return ch.edgeSent.getLast();
    }

    private void toCluster(byte[] d) {
        ch.cluster.receive(d, 0, d.length, ch.now);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat h = HexFormat.of();
        byte[] okm = TunnelKdf.hkdfSha256(h.parseHex("000102030405060708090a0b0c"),
                h.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), h.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(h.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void directionsLinksAndKeyIdsGetDifferentKeys() {
        byte[] s = SimulatedChannel.SECRET;
        byte[] e2c = TunnelKdf.directionKeyMaterial(s, "e2c", 1, 1);
        assertThat(e2c).hasSize(28);
        assertThat(e2c).isNotEqualTo(TunnelKdf.directionKeyMaterial(s, "c2e", 1, 1));
        assertThat(e2c).isNotEqualTo(TunnelKdf.directionKeyMaterial(s, "e2c", 2, 1));
        assertThat(e2c).isNotEqualTo(TunnelKdf.directionKeyMaterial(s, "e2c", 1, 2));
    }

    @Test
    void authenticDatagramIsDeliveredOnceAndItsReplayIsDropped() {
        byte[] d = edgeMedia(0);
        toCluster(d);
        toCluster(d);
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(1);
        assertThat(ch.cluster.drops(DropReason.REPLAYED)).isEqualTo(1);
        assertThat(ch.clusterEvents.dropped).containsEntry(DropReason.REPLAYED, 1);
    }

    @Test
    void packetsBelowTheReplayWindowAreTooOld() {
        byte[] first = edgeMedia(0);
        for (int i = 1; i <= ReplayWindow.SIZE; i++) {
            edgeMedia(i);
        }
        toCluster(ch.edgeSent.getLast());
        toCluster(first);
        assertThat(ch.cluster.drops(DropReason.TOO_OLD)).isEqualTo(1);
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(1);
    }

    @Test
    void forgedOrCorruptedDatagramsFailTheTag() {
        byte[] d = edgeMedia(0);
        byte[] badTag = d.clone();
        badTag[badTag.length - 1] ^= 1;
        byte[] badBody = d.clone();
        badBody[WireFormat.HEADER_LENGTH + 2] ^= 0x40;
        byte[] badHeader = d.clone(); // header is associated data: changing the type must break the tag
        badHeader[1] = (byte) FrameType.CONTROL.code;
        byte[] otherSecret = sealedBy(new LinkKeys(LinkRole.EDGE, SimulatedChannel.LINK_ID), "another-secret-1234567".getBytes(), 0);
        for (byte[] f : new byte[][] {badTag, badBody, badHeader, otherSecret}) {
            toCluster(f);
        }
        assertThat(ch.cluster.drops(DropReason.BAD_TAG)).isEqualTo(4);
        assertThat(ch.clusterEvents.mediaSeqs).isEmpty();
        toCluster(d); // the forgeries did not burn the packet number
        assertThat(ch.clusterEvents.mediaSeqs).hasSize(1);
    }

    /** A MEDIA datagram of the edge's epoch sealed under key id 1 derived from {@code secret}. */
    private static byte[] sealedBy(LinkKeys keys, byte[] secret, long packetNumber) {
        keys.install(1, secret);
        keys.activate(1);
        byte[] body = new byte[WireFormat.MAX_BODY];
        int len = DataFrame.writeMedia(body, 0, 1, 0, 0, 50, 50, 0, new byte[3], 0, 3);
        byte[] out = new byte[WireFormat.MAX_DATAGRAM];
        PacketHeader.write(out, 0, FrameType.MEDIA, 1, SimulatedChannel.LINK_ID, 1000, packetNumber);
        int n = keys.seal(out, 0, body, 0, len, 1000, packetNumber);
        return Arrays.copyOf(out, n);
    }

    private byte[] edgeReliable(int seq) {
        byte[] p = {1, 2, 3};
        assertThat(ch.edge.sendMedia(1, 0, seq, 0, 0, p, 0, 3, true, ch.now)).isEqualTo(SendStatus.SENT);
        return ch.edgeSent.getLast();
    }

    @Test
    void headerChecksComeBeforeCrypto() {
        byte[] d = edgeMedia(0);
        byte[] wrongKey = d.clone();
        wrongKey[2] = 9;
        byte[] wrongLink = d.clone();
        wrongLink[7] ^= 1;
        byte[] version = d.clone();
        version[0] = 2;
        byte[] type = d.clone();
        type[1] = 99;
        byte[] reserved = d.clone();
        reserved[3] = 1;
        for (byte[] f : new byte[][] {wrongKey, wrongLink, version, type, reserved, Arrays.copyOf(d, 35),
                Arrays.copyOf(d, WireFormat.MAX_DATAGRAM + 1), new byte[0]}) {
            toCluster(f);
        }
        ch.cluster.receive(d, 5, d.length, ch.now); // range beyond the array
        ch.cluster.receive(null, 0, 40, ch.now);
        assertThat(ch.cluster.drops(DropReason.UNKNOWN_KEY)).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.WRONG_LINK)).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.BAD_VERSION)).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.BAD_TYPE)).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.BAD_RESERVED)).isEqualTo(1);
        assertThat(ch.cluster.drops(DropReason.BAD_LENGTH)).isEqualTo(5);
        assertThat(ch.clusterEvents.mediaSeqs).isEmpty();
    }

    @Test
    void authenticButMalformedBodyIsDroppedAsMalformed() {
        LinkKeys edgeKeys = SimulatedChannel.keys(LinkRole.EDGE);
        byte[] out = new byte[WireFormat.MAX_DATAGRAM];
        byte[] garbage = {1, 2, 3, 4, 5};
        PacketHeader.write(out, 0, FrameType.MEDIA, 1, SimulatedChannel.LINK_ID, 1000, 77);
        int n = edgeKeys.seal(out, 0, garbage, 0, garbage.length, 1000, 77);
        toCluster(Arrays.copyOf(out, n));
        assertThat(ch.cluster.drops(DropReason.MALFORMED_BODY)).isEqualTo(1);
        assertThat(ch.cluster.datagramsReceived()).isEqualTo(1);
    }

    @Test
    void olderEpochIsStaleAfterThePeerRestarted() {
        byte[] old1 = edgeMedia(0);
        byte[] old2 = edgeMedia(1);
        toCluster(old1);
        TunnelLink restarted = new TunnelLink(TunnelLinkConfig.defaults(LinkRole.EDGE, SimulatedChannel.LINK_ID, 1001),
                SimulatedChannel.keys(LinkRole.EDGE), new TunnelListener() { }, (b, o, l) -> toCluster(Arrays.copyOfRange(b, o, o + l)));
        byte[] p = {9};
        restarted.sendMedia(1, 0, 2, 0, 0, p, 0, 1, false, ch.now);
        assertThat(ch.cluster.peerRestarts()).isEqualTo(1);
        toCluster(old2);
        assertThat(ch.cluster.drops(DropReason.STALE_EPOCH)).isEqualTo(1);
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 2);
    }

    @Test
    void keyRotationWithOverlapLosesNothing() {
        byte[] s2 = "the-next-secret-for-key-2".getBytes();
        ch.edge.keys().install(2, s2);
        ch.cluster.keys().install(2, s2);
        byte[] underKey1 = edgeReliable(0);
        byte[] lateUnderKey1 = edgeReliable(1); // still on the wire while the edge switches
        ch.edge.keys().activate(2);
        byte[] underKey2 = edgeReliable(2);
        assertThat(underKey1[2]).isEqualTo((byte) 1);
        assertThat(underKey2[2]).isEqualTo((byte) 2);
        toCluster(underKey1);
        toCluster(underKey2);
        toCluster(lateUnderKey1);
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 1, 2);
        assertThat(ch.cluster.drops(DropReason.UNKNOWN_KEY)).isZero();
        ch.cluster.keys().activate(2);
        ch.cluster.keys().retire(1);
        ch.edge.keys().retire(1);
        byte[] late = sealedBy(new LinkKeys(LinkRole.EDGE, SimulatedChannel.LINK_ID), SimulatedChannel.SECRET, 500);
        toCluster(late);
        assertThat(ch.cluster.drops(DropReason.UNKNOWN_KEY)).isEqualTo(1);
        edgeReliable(3);
        toCluster(ch.edgeSent.getLast());
        assertThat(ch.clusterEvents.mediaSeqs).extracting(a -> a[1]).containsExactly(0, 1, 2, 3);
    }

    @Test
    void keyHolderRefusesUnsafeOperations() {
        LinkKeys k = new LinkKeys(LinkRole.EDGE, 1);
        assertThatThrownBy(() -> k.install(1, new byte[8])).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> k.install(256, new byte[16])).hasMessageContaining("0..255");
        assertThatThrownBy(() -> k.activate(1)).hasMessageContaining("not installed");
        k.install(1, new byte[16]);
        assertThatThrownBy(() -> k.install(1, new byte[16])).hasMessageContaining("already installed");
        k.activate(1);
        assertThatThrownBy(() -> k.retire(1)).hasMessageContaining("is current");
        for (int id = 2; id <= LinkKeys.MAX_KEYS; id++) {
            k.install(id, new byte[16]);
        }
        assertThatThrownBy(() -> k.install(9, new byte[16])).hasMessageContaining("retire one first");
        TunnelLink noKey = new TunnelLink(TunnelLinkConfig.defaults(LinkRole.EDGE, 1, 1), new LinkKeys(LinkRole.EDGE, 1),
                new TunnelListener() { }, (b, o, l) -> { });
        assertThat(noKey.sendMedia(1, 0, 0, 0, 0, new byte[1], 0, 1, true, 0)).isEqualTo(SendStatus.NO_KEY);
    }

    @Test
    void sendValidatesItsArguments() {
        byte[] p = new byte[WireFormat.MAX_MEDIA_PAYLOAD + 1];
        assertThat(ch.edge.sendMedia(1, 0, 0, 0, 0, p, 0, p.length, true, ch.now)).isEqualTo(SendStatus.TOO_LARGE);
        assertThat(ch.edge.sendMedia(1, 255, 0, 0, 0, p, 0, 1, true, ch.now)).isEqualTo(SendStatus.INVALID);
        assertThat(ch.edge.sendMedia(1, 0, 0, 0, 0, new byte[4], 1, 4, true, ch.now)).isEqualTo(SendStatus.INVALID);
        assertThat(ch.edge.sendControl(1, 0, p, 0, 1, ch.now)).isEqualTo(SendStatus.INVALID);
        assertThat(ch.edge.sendMedia(1, 0, 5, 0, 0, p, 0, 1, true, ch.now)).isEqualTo(SendStatus.SENT);
        assertThat(ch.edge.sendMedia(1, 0, 5, 0, 0, p, 0, 1, true, ch.now)).isEqualTo(SendStatus.INVALID);
        assertThat(ch.edge.sendMedia(1, 0, 4, 0, 0, p, 0, 1, true, ch.now)).isEqualTo(SendStatus.INVALID);
        assertThat(ch.edge.sendMedia(1, 0, 6, 0, 0, p, 0, WireFormat.MAX_MEDIA_PAYLOAD, true, ch.now)).isEqualTo(SendStatus.SENT);
        assertThat(ch.edgeSent.getLast()).hasSize(WireFormat.MAX_DATAGRAM);
    }
}
