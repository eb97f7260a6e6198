package net.voxedge.edge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import net.voxedge.backbone.tunnel.AgentAudioPayload;
import net.voxedge.backbone.tunnel.CancelPayload;

/**
 * What the edge reads from outside on the backbone path: agent frame payloads from a cluster and
 * the user's RTP sequence numbers. Invariants: nothing throws; a valid agent payload's tag
 * round-trips; extended seqs only go forward (the tunnel's reliable stream demands it).
 */
class BackboneIncomingFuzzTest {

    @FuzzTest
    void agentPayloadsAndUserSeqs(FuzzedDataProvider data) {
        byte[] payload = data.consumeBytes(1400);
        if (AgentAudioPayload.valid(payload.length)) {
            int tag = AgentAudioPayload.responseTag(payload, 0);
            byte[] again = new byte[payload.length];
            int n = AgentAudioPayload.write(again, 0, tag, payload, AgentAudioPayload.opusOffset(0),
                    AgentAudioPayload.opusLength(payload.length));
            assertThat(n).isEqualTo(payload.length);
            assertThat(again).isEqualTo(payload);
        }
        if (CancelPayload.valid(payload.length)) {
            byte[] again = new byte[CancelPayload.LENGTH];
            CancelPayload.write(again, 0, CancelPayload.userMediaTs(payload, 0), CancelPayload.agentPlayedMs(payload, 0),
                    CancelPayload.responseTag(payload, 0));
            assertThat(again).isEqualTo(payload);
        }
        ExtendedSequence s = new ExtendedSequence();
        long last = -1;
        int n = data.consumeInt(0, 500);
        for (int i = 0; i < n && data.remainingBytes() >= 2; i++) {
            long ext = s.extend(data.consumeInt(0, 0xFFFF));
            if (ext == ExtendedSequence.LATE) {
                continue;
            }
            assertThat(ext).isBetween(0L, 0xFFFFFFFFL);
            if (last >= 0) {
                assertThat((int) (ext - last)).as("forward in serial order").isPositive();
            }
            last = ext;
        }
    }
}
