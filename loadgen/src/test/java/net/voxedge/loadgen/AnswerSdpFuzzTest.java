package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class AnswerSdpFuzzTest {
    /** Any text: a result, never an exception; usable results have everything a session reads. */
    @FuzzTest
    void anyAnswerIsReadOrRefusedWithAReason(FuzzedDataProvider data) {
        AnswerSdp a = AnswerSdp.parse(data.consumeRemainingAsString());
        if (a.error() == null) {
            assertThat(a.ufrag()).isNotEmpty();
            assertThat(a.pwd()).isNotEmpty();
            assertThat(AnswerSdp.isIpv4(a.candidateIp())).isTrue();
            assertThat(a.candidatePort()).isBetween(1, 65535);
            assertThat(a.setup()).isIn("active", "passive");
        } else {
            assertThat(a.error()).isNotBlank();
        }
    }
}
