package net.voxedge.edge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The allocation tests elsewhere are only as good as this meter: it must see a small per-call allocation. */
class AllocationMeterTest {
    private static volatile Object sink;

    @Test
    void seesASixteenByteArrayPerCall() {
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> sink = new byte[16]);
        assertThat(bytes).isGreaterThanOrEqualTo(16.0);
    }

    @Test
    void seesNothingWhenNothingIsAllocated() {
        int[] counter = new int[1];
        double bytes = AllocationMeter.bytesPerCall(20_000, () -> counter[0]++);
        assertThat(bytes).isLessThan(1.0);
    }
}
