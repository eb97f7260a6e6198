package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuTicksTest {
    @Test
    void readsUtimePlusStimeEvenWithSpacesAndParenthesesInTheName() {
        // Fields 14 and 15 are 250 and 50; the name "(my (odd) proc)" would break a naive split.
        String stat = "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 12345 1000 200";
        assertThat(CpuTicks.parse(stat)).isEqualTo(300);
        assertThat(CpuTicks.parseSystem(stat)).as("stime alone").isEqualTo(50);
        assertThat(CpuTicks.parseSystem("1 (x) S 1 2")).isEqualTo(-1);
    }

    @Test
    void garbageIsMinusOne() {
        assertThat(CpuTicks.parse(null)).isEqualTo(-1);
        assertThat(CpuTicks.parse("")).isEqualTo(-1);
        assertThat(CpuTicks.parse("1 (x) S 1 2")).isEqualTo(-1);
        assertThat(CpuTicks.parse("1 (x) S 1 2 3 4 5 6 7 8 9 10 eleven 12")).isEqualTo(-1);
        assertThat(CpuTicks.parse("1 (x)")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasAReadableCpuTimeAndPercentIsPerCore() {
        assertThat(CpuTicks.read(ProcessHandle.current().pid())).isGreaterThanOrEqualTo(0);
        assertThat(CpuTicks.read(0)).isEqualTo(-1);
        // 50 ticks over half a second is one full core.
        assertThat(CpuTicks.percent(100, 150, 500_000_000L)).isEqualTo(100.0);
        assertThat(CpuTicks.percent(-1, 150, 500_000_000L)).isNaN();
    }
}
