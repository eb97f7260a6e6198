package net.voxedge.edge.fuzzsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Example-based tests of {@link DemoTlvParser}, next to its fuzz target. */
class DemoTlvParserTest {

    private final DemoTlvParser parser = new DemoTlvParser();

    @Test
    void parsesRecordsAndANestedPayload() {
        byte[] message = {'T', 'L', 'V', 1, 0x01, 0, 2, 'h', 'i', 0x7E, 0, 7, 'V', 'O', 'X', 'E', 0, 6, '!'};

        assertThat(parser.parse(message, 0, message.length)).isEqualTo(DemoTlvParser.Result.OK);
        assertThat(parser.recordCount()).isEqualTo(2);
        assertThat(parser.recordType(1)).isEqualTo(DemoTlvParser.TYPE_NESTED);
        assertThat(parser.valueOffset(1)).isEqualTo(12);
        assertThat(parser.valueLength(1)).isEqualTo(7);
        assertThat(parser.nestedByteSum()).isEqualTo('!');
    }

    @Test
    void rejectsANestedOffsetPastItsValue() {
        // The value's own 6-byte header ends where the offset 0x0006 points: nothing is left to read.
        byte[] message = {'T', 'L', 'V', 1, 0x7E, 0, 6, 'V', 'O', 'X', 'E', 0, 6};

        assertThat(parser.parse(message, 0, message.length)).isEqualTo(DemoTlvParser.Result.BAD_NESTED_OFFSET);
    }

    @Test
    void rejectsTheInputFuzzingFoundInTheFirstVersion() {
        byte[] found = Base64.getDecoder().decode(
                "VExWAV4ADAwMTP///nEAMQxUAX4ADFZPWEUMDEz///5xADEMVAF+AAwMTFYBLwAMDExWAQAA");

        assertThat(parser.parse(found, 0, found.length)).isEqualTo(DemoTlvParser.Result.BAD_NESTED_OFFSET);
    }

    @Test
    void rejectsTruncationAndBadHeaders() {
        byte[] message = {'T', 'L', 'V', 1, 0x01, 0, 5, 'a', 'b'};

        assertThat(parser.parse(message, 0, 3)).isEqualTo(DemoTlvParser.Result.TOO_SHORT);
        assertThat(parser.parse(new byte[] {'T', 'L', 'V', 2}, 0, 4)).isEqualTo(DemoTlvParser.Result.BAD_HEADER);
        assertThat(parser.parse(message, 0, 6)).isEqualTo(DemoTlvParser.Result.TRUNCATED_RECORD);
        assertThat(parser.parse(message, 0, message.length)).isEqualTo(DemoTlvParser.Result.TRUNCATED_RECORD);
        assertThat(parser.recordCount()).isZero();
    }

    @Test
    void capsTheNumberOfRecords() {
        byte[] message = new byte[4 + 3 * (DemoTlvParser.MAX_RECORDS + 1)];
        message[0] = 'T';
        message[1] = 'L';
        message[2] = 'V';
        message[3] = 1;

        assertThat(parser.parse(message, 0, message.length)).isEqualTo(DemoTlvParser.Result.TOO_MANY_RECORDS);
    }
}
