package net.voxedge.edge.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Jazzer targets for {@link RelayFrame} and {@link RelayMac}: no input throws; whatever parses re-encodes
 * to the same bytes; nothing the fuzzer makes up carries a valid tag; a real frame with any byte changed
 * stops verifying.
 */
class RelayFrameFuzzTest {
    private static final RelayFrame FRAME = new RelayFrame();
    private static final RelayMac MAC = new RelayMac();

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        RelayFrameResult r = FRAME.parse(input, 0, input.length);
        assertThat(r).isNotNull();
        assertThat(MAC.verify(RelayFrameTest.KEYS, input, 0, input.length)).isFalse();
        if (r != RelayFrameResult.OK) {
            assertThat(FRAME.payloadLength()).isZero();
            return;
        }
        assertThat(FRAME.payloadLength()).isBetween(1, RelayFrame.MAX_PAYLOAD);
        byte[] out = new byte[RelayFrame.MAX_FRAME];
        int h = RelayFrame.writeHeader(out, 0, FRAME.type(), FRAME.keyId(), FRAME.socket(),
                Arrays.copyOf(FRAME.ip(), FRAME.ipLength()), FRAME.port(), FRAME.payloadLength());
        assertThat(h).isEqualTo(FRAME.payloadOffset());
        System.arraycopy(input, FRAME.payloadOffset(), out, h, FRAME.payloadLength());
        int body = h + FRAME.payloadLength();
        assertThat(Arrays.copyOf(out, body)).isEqualTo(Arrays.copyOf(input, body));
    }

    @FuzzTest(maxDuration = "60s")
    void tamperedFrameNeverVerifies(FuzzedDataProvider data) {
        boolean v6 = data.consumeBoolean();
        byte[] ip = data.consumeBytes(v6 ? 16 : 4);
        if (ip.length != (v6 ? 16 : 4)) {
            return;
        }
        int port = data.consumeInt(1, 65535);
        int socket = data.consumeInt(0, 255);
        int type = data.consumeBoolean() ? RelayFrame.TYPE_TO_OWNER : RelayFrame.TYPE_TO_CLIENT;
        byte[] payload = data.consumeBytes(data.consumeInt(1, 64));
        if (payload.length == 0) {
            return;
        }
        byte[] frame = RelayFrameTest.frame(type, socket, ip, port, payload);
        byte[] mask = data.consumeRemainingAsBytes();
        boolean changed = false;
        for (int i = 0; i < Math.min(mask.length, frame.length); i++) {
            frame[i] ^= mask[i];
            changed |= mask[i] != 0;
        }
        assertThat(MAC.verify(RelayFrameTest.KEYS, frame, 0, frame.length)).isEqualTo(!changed);
    }
}
