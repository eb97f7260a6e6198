package net.voxedge.loadgen.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class JanusReplyFuzzTest {
    /** Whatever comes back over HTTP: a list of replies (garbage ones included), never an exception. */
    @FuzzTest
    void anyBodyYieldsReplies(FuzzedDataProvider data) {
        String body = data.consumeRemainingAsString();
        var all = JanusReply.parseAll(body);
        assertThat(all).isNotEmpty().doesNotContainNull();
        all.forEach(r -> assertThat(r.kind()).isNotNull());
        assertThat(JanusReply.parse(body)).isNotNull();
    }
}
