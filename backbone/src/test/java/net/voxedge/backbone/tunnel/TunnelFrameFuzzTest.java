package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Jazzer target for the tunnel frame codec: any bytes as a datagram header and as each body type.
 * Whatever parses must encode back to the very same bytes (every field is fixed-width, so the
 * encoding is canonical), and nothing may throw.
 */
class TunnelFrameFuzzTest {
    private static final PacketHeader HEADER = new PacketHeader();
    private static final DataFrame DATA = new DataFrame();
    private static final AckFrame ACK = new AckFrame();
    private static final AckFrame REBUILT = new AckFrame();
    private static final ProbeFrame PROBE = new ProbeFrame();

    @FuzzTest(maxDuration = "60s")
    void parseAnyFrame(FuzzedDataProvider data) {
        int shift = data.consumeInt(0, 7);
        byte[] raw = data.consumeRemainingAsBytes();
        byte[] buf = new byte[raw.length + shift + 3];
        Arrays.fill(buf, (byte) 0x5A);
        System.arraycopy(raw, 0, buf, shift, raw.length);
        int len = raw.length;

        if (HEADER.parse(buf, shift, len) == null) {
            byte[] again = new byte[WireFormat.HEADER_LENGTH];
            PacketHeader.write(again, 0, HEADER.type(), HEADER.keyId(), HEADER.linkId(), HEADER.epoch(), HEADER.packetNumber());
            assertThat(again).isEqualTo(Arrays.copyOfRange(buf, shift, shift + WireFormat.HEADER_LENGTH));
        } else {
            assertThat(HEADER.type()).isNull();
        }
        for (FrameType type : new FrameType[] {FrameType.MEDIA, FrameType.CONTROL}) {
            if (DATA.parse(type, buf, shift, len)) {
                assertThat(DATA.payloadOffset() + DATA.payloadLength()).isEqualTo(shift + len);
                byte[] again = new byte[WireFormat.MAX_BODY];
                int n = type == FrameType.MEDIA
                        ? DataFrame.writeMedia(again, 0, DATA.session(), DATA.stream(), DATA.flags(), DATA.seq(), DATA.floor(),
                                DATA.mediaTimestamp(), buf, DATA.payloadOffset(), DATA.payloadLength())
                        : DataFrame.writeControl(again, 0, DATA.session(), DATA.controlType(), DATA.flags(), DATA.seq(),
                                DATA.floor(), buf, DATA.payloadOffset(), DATA.payloadLength());
                assertThat(Arrays.copyOf(again, n)).isEqualTo(Arrays.copyOfRange(buf, shift, shift + len));
            }
        }
        if (ACK.parse(buf, shift, len)) {
            REBUILT.clear(ACK.ackDelayNanos());
            for (int i = 0; i < ACK.count(); i++) {
                assertThat(REBUILT.addEntry(ACK.session(i), ACK.stream(i), ACK.cumulative(i))).isTrue();
                for (int r = 0; r < ACK.rangeCount(i); r++) {
                    assertThat(REBUILT.addRange(ACK.rangeStart(i, r), ACK.rangeEnd(i, r))).isTrue();
                }
            }
            byte[] again = new byte[AckFrame.MAX_LENGTH];
            int n = REBUILT.write(again, 0);
            assertThat(Arrays.copyOf(again, n)).isEqualTo(Arrays.copyOfRange(buf, shift, shift + len));
        } else {
            assertThat(ACK.count()).isZero();
        }
        if (PROBE.parse(buf, shift, len)) {
            byte[] again = new byte[ProbeFrame.LENGTH];
            ProbeFrame.write(again, 0, PROBE.probeId(), PROBE.originNanos());
            assertThat(again).isEqualTo(Arrays.copyOfRange(buf, shift, shift + len));
        }
    }
}
