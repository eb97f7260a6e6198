package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for a receiving {@link TunnelLink}: sequences of arbitrary datagrams, some of them
 * sealed with the peer's real key so the fuzzer reaches the body parsers, the ordering and the ack
 * logic behind the tag check. Nothing may throw, and the bounds must hold after every datagram.
 */
class TunnelLinkFuzzTest {
    private static final int LINK = 77;
    private static final byte[] SECRET = "fuzzing-secret-0123456789".getBytes();

    @FuzzTest(maxDuration = "60s")
    void receiveAnyDatagrams(FuzzedDataProvider data) {
        TunnelLinkConfig cfg = TunnelLinkConfig.defaults(LinkRole.CLUSTER, LINK, 5)
                .withReceiveLimits(8, 16, 8).withRetransmitBudget(4 * WireFormat.MAX_BODY, 8);
        LinkKeys clusterKeys = new LinkKeys(LinkRole.CLUSTER, LINK);
        clusterKeys.install(1, SECRET);
        clusterKeys.activate(1);
        LinkKeys edgeKeys = new LinkKeys(LinkRole.EDGE, LINK);
        edgeKeys.install(1, SECRET);
        edgeKeys.activate(1);
        long[] delivered = new long[1];
        TunnelLink link = new TunnelLink(cfg, clusterKeys, new TunnelListener() {
            @Override
            public void onControl(long s, int type, byte[] b, int o, int l) {
                delivered[0]++;
            }

            @Override
            public void onMedia(long s, int st, int seq, int ts, int f, byte[] b, int o, int l) {
                assertThat(o).isNotNegative();
                assertThat(o + l).isLessThanOrEqualTo(b.length);
                delivered[0]++;
            }
        }, (b, o, l) -> assertThat(l).isBetween(WireFormat.MIN_DATAGRAM, WireFormat.MAX_DATAGRAM));
        byte[] out = new byte[WireFormat.MAX_DATAGRAM];
        long now = data.consumeLong();
        for (int i = 0; i < 24 && data.remainingBytes() > 0; i++) {
            now += data.consumeLong(0, 2_000_000_000L);
            int how = data.consumeInt(0, 3);
            if (how == 0) {
                byte[] raw = data.consumeBytes(WireFormat.MAX_DATAGRAM + 8);
                link.receive(raw, 0, raw.length, now);
            } else if (how == 3) {
                link.onTimeout(now);
                byte[] p = data.consumeBytes(64);
                link.sendMedia(data.consumeLong(0, 3), data.consumeInt(0, 254), data.consumeInt(), 0, data.consumeInt(),
                        p, 0, p.length, data.consumeBoolean(), now);
            } else {
                FrameType type = FrameType.ofCode(data.consumeInt(1, 5));
                long pn = data.consumeLong(0, 4096);
                long epoch = data.consumeLong(4, 7);
                byte[] body = data.consumeBytes(WireFormat.MAX_BODY);
                PacketHeader.write(out, 0, type, 1, LINK, epoch, pn);
                int n = edgeKeys.seal(out, 0, body, 0, body.length, epoch, pn);
                link.receive(out, 0, n, now);
            }
            assertThat(link.heldFrames()).isBetween(0, 16);
            assertThat(link.inflightBytes()).isBetween(0L, (long) 4 * WireFormat.MAX_BODY);
            assertThat(link.receiverStreams()).isBetween(0, 8);
            assertThat(link.nextDeadlineNanos()).isNotNull();
        }
        long drops = 0;
        for (DropReason r : DropReason.values()) {
            drops += link.drops(r);
        }
        assertThat(drops).isNotNegative();
        assertThat(delivered[0]).isEqualTo(link.framesDelivered());
    }
}
