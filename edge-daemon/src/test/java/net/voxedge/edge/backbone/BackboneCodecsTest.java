package net.voxedge.edge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackboneCodecsTest {

    @Test
    void cancelIsTwelveBigEndianBytes() {
        byte[] b = new byte[14];
        assertThat(CancelMessage.write(b, 1, 0x01020304, 0x05060708, 0x090A0B0C)).isEqualTo(12);
        assertThat(b).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0);
        assertThat(CancelMessage.userMediaTs(b, 1)).isEqualTo(0x01020304);
        assertThat(CancelMessage.agentPlayedMs(b, 1)).isEqualTo(0x05060708);
        assertThat(CancelMessage.responseTag(b, 1)).isEqualTo(0x090A0B0C);
        CancelMessage.write(b, 0, -1, Integer.MAX_VALUE, -2);
        assertThat(CancelMessage.userMediaTs(b, 0) & 0xFFFFFFFFL).isEqualTo(0xFFFFFFFFL);
        assertThat(CancelMessage.responseTag(b, 0)).isEqualTo(-2);
        assertThat(CancelMessage.valid(12)).isTrue();
        assertThat(CancelMessage.valid(8)).isFalse();
        assertThat(CancelMessage.valid(13)).isFalse();
    }

    @Test
    void agentFrameIsATagThenTheOpusFrame() {
        byte[] opus = {0x78, 1, 2, 3};
        byte[] b = new byte[10];
        assertThat(AgentAudioFrame.write(b, 2, 0xCAFEBABE, opus, 0, 4)).isEqualTo(8);
        assertThat(b).containsExactly(0, 0, 0xCA - 256, 0xFE - 256, 0xBA - 256, 0xBE - 256, 0x78, 1, 2, 3);
        assertThat(AgentAudioFrame.tag(b, 2)).isEqualTo(0xCAFEBABE);
        assertThat(AgentAudioFrame.valid(4)).as("a tag without a frame").isFalse();
        assertThat(AgentAudioFrame.valid(5)).isTrue();
        assertThat(AgentAudioFrame.valid(4 + 1275)).isTrue();
        assertThat(AgentAudioFrame.valid(4 + 1276)).isFalse();
        assertThat(AgentAudioFrame.valid(-1)).isFalse();
    }
}
