package net.voxedge.backbone.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TunnelCodecTest {
    private final PacketHeader header = new PacketHeader();
    private final DataFrame data = new DataFrame();
    private final AckFrame ack = new AckFrame();
    private final ProbeFrame probe = new ProbeFrame();

    @Test
    void headerHasTheDocumentedLayout() {
        byte[] d = new byte[WireFormat.MIN_DATAGRAM];
        PacketHeader.write(d, 0, FrameType.ACK, 7, 0x01020304, 0x0A0B0C0D0E0FL, 0x111213141516L);
        assertThat(HexFormat.of().formatHex(d, 0, 20)).isEqualTo("0102070001020304" + "0a0b0c0d0e0f" + "111213141516");
        assertThat(header.parse(d, 0, d.length)).isNull();
        assertThat(header.type()).isEqualTo(FrameType.ACK);
        assertThat(header.keyId()).isEqualTo(7);
        assertThat(header.linkId()).isEqualTo(0x01020304);
        assertThat(header.epoch()).isEqualTo(0x0A0B0C0D0E0FL);
        assertThat(header.packetNumber()).isEqualTo(0x111213141516L);
    }

    @Test
    void headerRejectsEveryBadLengthAndField() {
        byte[] d = new byte[WireFormat.MAX_DATAGRAM + 1];
        PacketHeader.write(d, 0, FrameType.MEDIA, 0xFF, -1, WireFormat.MAX_U48, WireFormat.MAX_U48);
        for (int len = 0; len < WireFormat.MIN_DATAGRAM; len++) {
            assertThat(header.parse(d, 0, len)).isEqualTo(DropReason.BAD_LENGTH);
        }
        assertThat(header.parse(d, 0, WireFormat.MIN_DATAGRAM)).isNull();
        assertThat(header.keyId()).isEqualTo(255);
        assertThat(header.linkId()).isEqualTo(-1);
        assertThat(header.epoch()).isEqualTo(WireFormat.MAX_U48);
        assertThat(header.parse(d, 0, WireFormat.MAX_DATAGRAM)).isNull();
        assertThat(header.parse(d, 0, WireFormat.MAX_DATAGRAM + 1)).isEqualTo(DropReason.BAD_LENGTH);
        assertThat(header.parse(d, 2, WireFormat.MAX_DATAGRAM)).isEqualTo(DropReason.BAD_LENGTH);
        assertThat(header.parse(d, -1, 40)).isEqualTo(DropReason.BAD_LENGTH);
        assertThat(header.parse(null, 0, 40)).isEqualTo(DropReason.BAD_LENGTH);
        assertThat(header.type()).isNull();
        for (int t : new int[] {0, 6, 255}) {
            byte[] c = d.clone();
            c[1] = (byte) t;
            assertThat(header.parse(c, 0, 40)).isEqualTo(DropReason.BAD_TYPE);
        }
        byte[] v = d.clone();
        v[0] = 0;
        assertThat(header.parse(v, 0, 40)).isEqualTo(DropReason.BAD_VERSION);
        byte[] r = d.clone();
        r[3] = (byte) 0x80;
        assertThat(header.parse(r, 0, 40)).isEqualTo(DropReason.BAD_RESERVED);
    }

    @Test
    void mediaBodyRoundTripsAtAnOffset() {
        byte[] payload = "opus-frame".getBytes();
        byte[] b = new byte[WireFormat.MAX_BODY + 10];
        int n = DataFrame.writeMedia(b, 3, 0x8000000000000001L, 254, DataFrame.FLAG_MARKER | DataFrame.FLAG_RELIABLE,
                -5, -7, 0xCAFEBABE, payload, 0, payload.length);
        assertThat(n).isEqualTo(WireFormat.MEDIA_HEADER + payload.length);
        assertThat(data.parse(FrameType.MEDIA, b, 3, n)).isTrue();
        assertThat(data.isControl()).isFalse();
        assertThat(data.session()).isEqualTo(0x8000000000000001L);
        assertThat(data.stream()).isEqualTo(254);
        assertThat(data.reliable()).isTrue();
        assertThat(data.flags()).isEqualTo(DataFrame.FLAG_MARKER | DataFrame.FLAG_RELIABLE);
        assertThat(data.seq()).isEqualTo(-5);
        assertThat(data.floor()).isEqualTo(-7); // serial order across the 32-bit wrap
        assertThat(data.mediaTimestamp()).isEqualTo(0xCAFEBABE);
        assertThat(Arrays.copyOfRange(b, data.payloadOffset(), data.payloadOffset() + data.payloadLength())).isEqualTo(payload);
    }

    @Test
    void controlBodyRoundTrips() {
        byte[] p = "{\"pop\":\"fra1\"}".getBytes();
        byte[] b = new byte[WireFormat.MAX_BODY];
        int n = DataFrame.writeControl(b, 0, 42, ControlType.OPEN, DataFrame.FLAG_RELIABLE, 3, 1, p, 0, p.length);
        assertThat(data.parse(FrameType.CONTROL, b, 0, n)).isTrue();
        assertThat(data.isControl()).isTrue();
        assertThat(data.stream()).isEqualTo(WireFormat.CONTROL_STREAM);
        assertThat(data.controlType()).isEqualTo(ControlType.OPEN);
        assertThat(data.seq()).isEqualTo(3);
        assertThat(data.floor()).isEqualTo(1);
        assertThat(data.payloadLength()).isEqualTo(p.length);
    }

    @Test
    void dataBodyRejectsMalformedFields() {
        byte[] b = new byte[WireFormat.MAX_BODY + 1];
        int n = DataFrame.writeMedia(b, 0, 1, 0, 0, 10, 10, 0, new byte[0], 0, 0);
        for (int len = 0; len < n; len++) {
            assertThat(data.parse(FrameType.MEDIA, b, 0, len)).isFalse();
        }
        assertThat(data.parse(FrameType.MEDIA, b, 0, WireFormat.MAX_BODY)).isTrue();
        assertThat(data.parse(FrameType.MEDIA, b, 0, WireFormat.MAX_BODY + 1)).isFalse();
        assertThat(data.parse(FrameType.ACK, b, 0, n)).isFalse();
        byte[] stream255 = b.clone();
        stream255[8] = (byte) 255;
        assertThat(data.parse(FrameType.MEDIA, stream255, 0, n)).isFalse();
        byte[] unknownFlag = b.clone();
        unknownFlag[9] = (byte) 0x80;
        assertThat(data.parse(FrameType.MEDIA, unknownFlag, 0, n)).isFalse();
        byte[] floorAboveSeq = b.clone();
        WireFormat.put32(floorAboveSeq, 14, 11);
        assertThat(data.parse(FrameType.MEDIA, floorAboveSeq, 0, n)).isFalse();
        byte[] floorTooFar = b.clone();
        WireFormat.put32(floorTooFar, 14, 10 - DataFrame.MAX_FLOOR_DISTANCE - 1);
        assertThat(data.parse(FrameType.MEDIA, floorTooFar, 0, n)).isFalse();
        int c = DataFrame.writeControl(b, 0, 1, 0, DataFrame.FLAG_RELIABLE, 0, 0, new byte[0], 0, 0);
        assertThat(data.parse(FrameType.CONTROL, b, 0, c)).isFalse(); // control type 0 is reserved
        c = DataFrame.writeControl(b, 0, 1, 2, 0, 0, 0, new byte[0], 0, 0);
        assertThat(data.parse(FrameType.CONTROL, b, 0, c)).isFalse(); // controls must be reliable
        assertThat(data.session()).isZero();
    }

    @Test
    void ackRoundTripsWithRangesAndManyEntries() {
        AckFrame w = new AckFrame();
        w.clear(1_234_567);
        for (int i = 0; i < AckFrame.MAX_ENTRIES; i++) {
            assertThat(w.addEntry(1000 + i, i, 100 * i)).isTrue();
            for (int r = 0; r < AckFrame.MAX_RANGES; r++) {
                assertThat(w.addRange(100 * i + 2 + 4 * r, 100 * i + 3 + 4 * r)).isTrue();
            }
            assertThat(w.addRange(1, 1)).isFalse();
        }
        assertThat(w.addEntry(1, 1, 1)).isFalse();
        byte[] b = new byte[AckFrame.MAX_LENGTH];
        int n = w.write(b, 0);
        assertThat(n).isEqualTo(AckFrame.MAX_LENGTH).isLessThanOrEqualTo(WireFormat.MAX_BODY);
        assertThat(ack.parse(b, 0, n)).isTrue();
        assertThat(ack.ackDelayNanos()).isEqualTo(1_230_000);
        assertThat(ack.count()).isEqualTo(AckFrame.MAX_ENTRIES);
        assertThat(ack.session(5)).isEqualTo(1005);
        assertThat(ack.stream(5)).isEqualTo(5);
        assertThat(ack.cumulative(5)).isEqualTo(500);
        assertThat(ack.rangeCount(5)).isEqualTo(4);
        assertThat(ack.rangeStart(5, 3)).isEqualTo(514);
        assertThat(ack.rangeEnd(5, 3)).isEqualTo(515);
        byte[] again = new byte[n];
        AckFrame copy = new AckFrame();
        copy.clear(ack.ackDelayNanos());
        for (int i = 0; i < ack.count(); i++) {
            copy.addEntry(ack.session(i), ack.stream(i), ack.cumulative(i));
            for (int r = 0; r < ack.rangeCount(i); r++) {
                copy.addRange(ack.rangeStart(i, r), ack.rangeEnd(i, r));
            }
        }
        copy.write(again, 0);
        assertThat(again).isEqualTo(Arrays.copyOf(b, n));
    }

    @Test
    void ackRejectsMalformedBodies() {
        AckFrame w = new AckFrame();
        w.clear(0);
        w.addEntry(1, 0, 10);
        w.addRange(12, 14);
        w.addRange(16, 16);
        byte[] b = new byte[64];
        int n = w.write(b, 0);
        assertThat(ack.parse(b, 0, n)).isTrue();
        for (int len = 0; len < n; len++) {
            assertThat(ack.parse(b, 0, len)).as("len %d", len).isFalse();
        }
        assertThat(ack.parse(b, 0, n + 1)).isFalse(); // trailing byte
        assertThat(mutated(b, n, 2, 0)).isFalse(); // zero entries
        assertThat(mutated(b, n, 2, 17)).isFalse();
        assertThat(mutated(b, n, 16, 5)).isFalse(); // range count 5
        assertThat(mutated(b, n, 20, 11)).isFalse(); // first range starts right after cum: no gap
        assertThat(mutated(b, n, 24, 11)).isFalse(); // end before start
        assertThat(mutated(b, n, 28, 15)).isFalse(); // second range touches the first
        assertThat(ack.count()).isZero();
        byte[] far = b.clone();
        WireFormat.put32(far, 25, 10 + DataFrame.MAX_FLOOR_DISTANCE + 1);
        WireFormat.put32(far, 29, 10 + DataFrame.MAX_FLOOR_DISTANCE + 1);
        assertThat(ack.parse(far, 0, n)).isFalse();
    }

    private boolean mutated(byte[] b, int n, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value; // offsets: 2 count, 16 range count, 17/21 first range, 25/29 second
        return ack.parse(c, 0, n);
    }

    @Test
    void probeRoundTripsAndRejectsOtherLengths() {
        byte[] b = new byte[ProbeFrame.LENGTH + 1];
        assertThat(ProbeFrame.write(b, 0, -3, Long.MIN_VALUE + 5)).isEqualTo(ProbeFrame.LENGTH);
        assertThat(probe.parse(b, 0, ProbeFrame.LENGTH)).isTrue();
        assertThat(probe.probeId()).isEqualTo(-3);
        assertThat(probe.originNanos()).isEqualTo(Long.MIN_VALUE + 5);
        assertThat(probe.parse(b, 0, ProbeFrame.LENGTH - 1)).isFalse();
        assertThat(probe.parse(b, 0, ProbeFrame.LENGTH + 1)).isFalse();
        assertThat(probe.parse(b, 2, ProbeFrame.LENGTH)).isFalse();
    }

    @Test
    void cancelPayloadRoundTrips() {
        byte[] b = new byte[CancelPayload.LENGTH + 3];
        assertThat(CancelPayload.write(b, 3, -48000, 1500, 0x80000001)).isEqualTo(12);
        assertThat(CancelPayload.LENGTH).isEqualTo(12);
        assertThat(CancelPayload.valid(CancelPayload.LENGTH)).isTrue();
        assertThat(CancelPayload.valid(8)).isFalse();
        assertThat(CancelPayload.valid(13)).isFalse();
        assertThat(CancelPayload.userMediaTs(b, 3)).isEqualTo(-48000);
        assertThat(CancelPayload.agentPlayedMs(b, 3)).isEqualTo(1500);
        assertThat(CancelPayload.responseTag(b, 3)).isEqualTo(0x80000001);
        // the exact bytes the edge and the gateway agree on (PROTOCOL.md, sections 1 and 10)
        byte[] v = new byte[CancelPayload.LENGTH];
        CancelPayload.write(v, 0, 0x01020304, 250, 7);
        assertThat(v).containsExactly(1, 2, 3, 4, 0, 0, 0, (byte) 250, 0, 0, 0, 7);
    }

    @Test
    void agentAudioPayloadRoundTripsAndRefusesWhatDoesNotFit() {
        byte[] opus = {9, 8, 7, 6, 5};
        byte[] out = new byte[64];
        int n = AgentAudioPayload.write(out, 2, 3, opus, 1, 3);
        assertThat(n).isEqualTo(AgentAudioPayload.HEADER + 3);
        assertThat(java.util.Arrays.copyOfRange(out, 2, 2 + n)).containsExactly(0, 0, 0, 3, 8, 7, 6);
        assertThat(AgentAudioPayload.valid(n)).isTrue();
        assertThat(AgentAudioPayload.responseTag(out, 2)).isEqualTo(3);
        assertThat(AgentAudioPayload.opusOffset(2)).isEqualTo(6);
        assertThat(AgentAudioPayload.opusLength(n)).isEqualTo(3);
        assertThat(AgentAudioPayload.valid(AgentAudioPayload.HEADER)).isFalse();
        assertThat(AgentAudioPayload.valid(0)).isFalse();
        assertThat(AgentAudioPayload.valid(WireFormat.MAX_MEDIA_PAYLOAD)).isTrue();
        assertThat(AgentAudioPayload.valid(WireFormat.MAX_MEDIA_PAYLOAD + 1)).isFalse();
        // refused without writing: empty, too long, outside either array
        byte[] big = new byte[2000];
        byte[] untouched = out.clone();
        assertThat(AgentAudioPayload.write(out, 0, 1, opus, 0, 0)).isEqualTo(-1);
        assertThat(AgentAudioPayload.write(big, 0, 1, big, 0, AgentAudioPayload.MAX_OPUS + 1)).isEqualTo(-1);
        assertThat(AgentAudioPayload.write(out, 60, 1, opus, 0, 5)).isEqualTo(-1);
        assertThat(AgentAudioPayload.write(out, -1, 1, opus, 0, 5)).isEqualTo(-1);
        assertThat(AgentAudioPayload.write(out, 0, 1, opus, 3, 5)).isEqualTo(-1);
        assertThat(AgentAudioPayload.write(out, 0, 1, null, 0, 5)).isEqualTo(-1);
        assertThat(out).isEqualTo(untouched);
        assertThat(AgentAudioPayload.write(big, 0, 1, big, 0, AgentAudioPayload.MAX_OPUS))
                .isEqualTo(WireFormat.MAX_MEDIA_PAYLOAD);
    }

    @Test
    void replayWindowAcceptsEachNumberOnceWithinTheWindow() {
        ReplayWindow w = new ReplayWindow();
        Random r = new Random(4);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long top = -1;
        for (int i = 0; i < 20_000; i++) {
            long pn = Math.max(0, top + r.nextInt(300) - 200);
            DropReason verdict = w.check(pn);
            if (top - pn >= ReplayWindow.SIZE) {
                assertThat(verdict).isEqualTo(DropReason.TOO_OLD);
            } else if (seen.contains(pn)) {
                assertThat(verdict).isEqualTo(DropReason.REPLAYED);
            } else {
                assertThat(verdict).isNull();
                w.commit(pn);
                seen.add(pn);
                top = Math.max(top, pn);
            }
        }
        assertThat(w.highest()).isEqualTo(top);
    }
}
