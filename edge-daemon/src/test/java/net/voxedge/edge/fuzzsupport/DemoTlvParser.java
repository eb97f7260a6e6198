package net.voxedge.edge.fuzzsupport;

/**
 * A toy type-length-value parser that exists only to prove the Jazzer set-up: it has the shape of
 * the real protocol parsers (reusable flyweight, {@code parse(byte[], int, int)}, a reason enum,
 * never throws), so a fuzz run against it shows what fuzzing a real parser looks like.
 *
 * <p>Wire format: a 4-byte header {@code 'T' 'L' 'V' version(=1)}, then records of
 * {@code type(1) length(2, big-endian) value(length)} until the end of the input. A record of type
 * {@link #TYPE_NESTED} whose value starts with the 4-byte {@link #NESTED_MAGIC} carries a 2-byte
 * offset of its payload inside that value.
 *
 * <p>Its first version trusted that offset (git history): the kind of bug, hidden behind a 4-byte
 * magic, that example-based tests miss and {@code scripts/fuzz.sh} finds in seconds.
 */
public final class DemoTlvParser {

    /** Why an input was rejected; {@link #OK} when it parsed. */
    public enum Result { OK, TOO_SHORT, BAD_HEADER, TRUNCATED_RECORD, TOO_MANY_RECORDS, BAD_NESTED_OFFSET }

    /** Record type whose value may carry a nested payload. */
    public static final int TYPE_NESTED = 0x7E;
    /** Marks a nested value: ASCII "VOXE". */
    public static final int NESTED_MAGIC = 0x564F5845;
    /** Hard cap so a hostile input can't make the caller loop over thousands of records. */
    public static final int MAX_RECORDS = 64;

    private static final int HEADER_LENGTH = 4;
    private static final int RECORD_HEADER_LENGTH = 3;
    private static final int NESTED_HEADER_LENGTH = 6;

    private final int[] recordTypes = new int[MAX_RECORDS];
    private final int[] valueOffsets = new int[MAX_RECORDS];
    private final int[] valueLengths = new int[MAX_RECORDS];
    private int recordCount;
    private int nestedByteSum;

    /**
     * Parses {@code len} bytes of {@code buf} from {@code off}, replacing whatever this object held.
     *
     * @return {@link Result#OK}, or the first thing found wrong with the input
     */
    public Result parse(byte[] buf, int off, int len) {
        recordCount = 0;
        nestedByteSum = 0;
        if (len < HEADER_LENGTH) {
            return Result.TOO_SHORT;
        }
        if (buf[off] != 'T' || buf[off + 1] != 'L' || buf[off + 2] != 'V' || buf[off + 3] != 1) {
            return Result.BAD_HEADER;
        }
        int pos = off + HEADER_LENGTH;
        int end = off + len;
        while (pos < end) {
            if (recordCount == MAX_RECORDS) {
                return Result.TOO_MANY_RECORDS;
            }
            if (end - pos < RECORD_HEADER_LENGTH) {
                return Result.TRUNCATED_RECORD;
            }
            int type = buf[pos] & 0xFF;
            int valueLength = ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
            int valueOffset = pos + RECORD_HEADER_LENGTH;
            if (valueLength > end - valueOffset) {
                return Result.TRUNCATED_RECORD;
            }
            if (type == TYPE_NESTED && valueLength >= NESTED_HEADER_LENGTH && readInt(buf, valueOffset) == NESTED_MAGIC) {
                int payloadOffset = ((buf[valueOffset + 4] & 0xFF) << 8) | (buf[valueOffset + 5] & 0xFF);
                // The offset comes off the wire: it must point inside this record's value (the check
                // the first version of this demo left out on purpose, for fuzzing to find).
                if (payloadOffset < NESTED_HEADER_LENGTH || payloadOffset >= valueLength) {
                    return Result.BAD_NESTED_OFFSET;
                }
                nestedByteSum += buf[valueOffset + payloadOffset] & 0xFF;
            }
            recordTypes[recordCount] = type;
            valueOffsets[recordCount] = valueOffset;
            valueLengths[recordCount] = valueLength;
            recordCount++;
            pos = valueOffset + valueLength;
        }
        return Result.OK;
    }

    /** Number of records found by the last successful {@link #parse}. */
    public int recordCount() {
        return recordCount;
    }

    /** Type of record {@code i} (0-based) of the last parse. */
    public int recordType(int i) {
        return recordTypes[i];
    }

    /** Offset of record {@code i}'s value in the buffer given to the last parse. */
    public int valueOffset(int i) {
        return valueOffsets[i];
    }

    /** Length of record {@code i}'s value. */
    public int valueLength(int i) {
        return valueLengths[i];
    }

    /** Sum of the first payload byte of every nested record: a stand-in for "used the payload". */
    public int nestedByteSum() {
        return nestedByteSum;
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
