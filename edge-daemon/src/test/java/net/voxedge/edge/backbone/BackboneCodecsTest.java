package net.voxedge.edge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.CancelPayload;
import net.voxedge.backbone.tunnel.WireFormat;
import org.junit.jupiter.api.Test;

/**
 * The byte layouts the edge README promises for CANCEL and agent audio, checked against the shared
 * backbone helpers the edge uses: if those ever change, the edge's documented contract breaks here.
 */
class BackboneCodecsTest {

    @Test
    void cancelIsTwelveBigEndianBytes() {
        byte[] b = new byte[14];
        assertThat(CancelPayload.write(b, 1, 0x01020304, 0x05060708, 0x090A0B0C)).isEqualTo(12);
        assertThat(b).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0);
        assertThat(CancelPayload.userMediaTs(b, 1)).isEqualTo(0x01020304);
        assertThat(CancelPayload.agentPlayedMs(b, 1)).isEqualTo(0x05060708);
        assertThat(CancelPayload.responseTag(b, 1)).isEqualTo(0x090A0B0C);
        CancelPayload.write(b, 0, -1, Integer.MAX_VALUE, -2);
        assertThat(CancelPayload.userMediaTs(b, 0) & 0xFFFFFFFFL).isEqualTo(0xFFFFFFFFL);
        assertThat(CancelPayload.responseTag(b, 0)).isEqualTo(-2);
        assertThat(CancelPayload.valid(12)).isTrue();
        assertThat(CancelPayload.valid(8)).isFalse();
        assertThat(CancelPayload.valid(13)).isFalse();
    }

    @Test
    void agentFrameIsATagThenTheOpusFrame() {
        byte[] opus = {0x78, 1, 2, 3};
        byte[] b = new byte[10];
        assertThat(AgentAudioPayload.write(b, 2, 0xCAFEBABE, opus, 0, 4)).isEqualTo(8);
        assertThat(b).containsExactly(0, 0, 0xCA - 256, 0xFE - 256, 0xBA - 256, 0xBE - 256, 0x78, 1, 2, 3);
        assertThat(AgentAudioPayload.responseTag(b, 2)).isEqualTo(0xCAFEBABE);
        assertThat(AgentAudioPayload.opusOffset(2)).isEqualTo(6);
        assertThat(AgentAudioPayload.opusLength(8)).isEqualTo(4);
        assertThat(AgentAudioPayload.STREAM).as("agent audio arrives on stream 1").isEqualTo(1);
        assertThat(AgentAudioPayload.valid(4)).as("a tag without a frame").isFalse();
        assertThat(AgentAudioPayload.valid(5)).isTrue();
        assertThat(AgentAudioPayload.valid(WireFormat.MAX_MEDIA_PAYLOAD)).as("as much as one datagram carries").isTrue();
        assertThat(AgentAudioPayload.valid(WireFormat.MAX_MEDIA_PAYLOAD + 1)).isFalse();
        assertThat(AgentAudioPayload.valid(-1)).isFalse();
    }
}
