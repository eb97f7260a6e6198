package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** OPEN parsing under arbitrary bytes: never throws, and anything accepted re-encodes to the same request. */
class OpenRequestFuzzTest {
    @FuzzTest
    void openPayload(FuzzedDataProvider data) {
        long session = data.consumeLong();
        int off = data.consumeInt(0, 8);
        byte[] b = data.consumeRemainingAsBytes();
        int len = Math.max(0, b.length - off);
        OpenParseResult r = OpenRequest.parse(session, b, Math.min(off, b.length), len);
        assertThat(r.isOk()).isEqualTo(r.error() == null);
        if (r.isOk()) {
            assertThat(r.request().session()).isEqualTo(session);
            byte[] again = r.request().toJson().getBytes(StandardCharsets.UTF_8);
            if (again.length <= net.voxedge.backbone.tunnel.WireFormat.MAX_CONTROL_PAYLOAD) {
                assertThat(OpenRequest.parse(session, again, 0, again.length).request()).isEqualTo(r.request());
            }
        } else {
            assertThat(r.error()).isNotBlank();
        }
    }
}
