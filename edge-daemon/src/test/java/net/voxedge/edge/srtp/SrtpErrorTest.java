package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtpErrorTest {

    @Test
    void codesAreDistinctNegativeAndRoundTrip() {
        for (SrtpError e : SrtpError.values()) {
            assertThat(e.code()).isNegative();
            assertThat(SrtpError.fromCode(e.code())).isSameAs(e);
        }
    }

    @Test
    void lengthsAndUnknownCodesAreNotErrors() {
        assertThat(SrtpError.fromCode(0)).isNull();
        assertThat(SrtpError.fromCode(160)).isNull();
        assertThat(SrtpError.fromCode(-1 - SrtpError.values().length)).isNull();
        assertThat(SrtpError.fromCode(Integer.MIN_VALUE)).isNull();
    }
}
