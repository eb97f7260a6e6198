package net.voxedge.edge.fuzzsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;

/**
 * Fuzz target for {@link DemoTlvParser}: the template the real {@code *FuzzTest} classes follow.
 *
 * <p>Under {@code ./mvnw verify} each method replays the empty input plus every file in
 * {@code src/test/resources/net/voxedge/edge/fuzzsupport/DemoTlvParserFuzzTestInputs/<method>/};
 * under {@code scripts/fuzz.sh} each method is fuzzed in its own JVM (see edge-daemon/FUZZING.md).
 */
class DemoTlvParserFuzzTest {

    // One parser for all inputs, as on the hot path: also catches state leaking between parses.
    private final DemoTlvParser parser = new DemoTlvParser();

    /** Raw bytes, as they come off the wire: no input may make the parser throw or misreport. */
    @FuzzTest
    void parse(byte[] input) {
        // Parse at an offset inside a bigger array so an off-by-base bug reads the guard bytes.
        byte[] framed = new byte[input.length + 8];
        System.arraycopy(input, 0, framed, 4, input.length);

        DemoTlvParser.Result result = parser.parse(framed, 4, input.length);

        assertThat(result).isNotNull();
        if (result != DemoTlvParser.Result.OK) {
            return;
        }
        int covered = 4;
        for (int i = 0; i < parser.recordCount(); i++) {
            assertThat(parser.valueOffset(i)).isEqualTo(4 + covered + 3);
            covered += 3 + parser.valueLength(i);
        }
        // Records tile the input exactly: nothing skipped, nothing read past the end.
        assertThat(covered).isEqualTo(input.length);
    }

    /**
     * Structure-aware: builds a well-formed message from fuzzer-chosen records, so the fuzzer
     * spends its time past the header checks; everything written must be read back.
     */
    @FuzzTest
    void roundTrip(FuzzedDataProvider data) {
        int count = data.consumeInt(0, DemoTlvParser.MAX_RECORDS);
        int[] types = new int[count];
        int[] lengths = new int[count];
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {'T', 'L', 'V', 1});
        for (int i = 0; i < count; i++) {
            types[i] = data.consumeInt(0, 255);
            byte[] value = data.consumeBytes(data.consumeInt(0, 300));
            lengths[i] = value.length;
            wire.write(types[i]);
            wire.write(value.length >>> 8);
            wire.write(value.length);
            wire.writeBytes(value);
        }
        byte[] message = wire.toByteArray();

        DemoTlvParser.Result result = parser.parse(message, 0, message.length);

        if (result == DemoTlvParser.Result.BAD_NESTED_OFFSET) {
            return; // a nested record may point outside its value: that is the one allowed refusal
        }
        assertThat(result).isEqualTo(DemoTlvParser.Result.OK);
        assertThat(parser.recordCount()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            assertThat(parser.recordType(i)).isEqualTo(types[i]);
            assertThat(parser.valueLength(i)).isEqualTo(lengths[i]);
        }
    }
}
