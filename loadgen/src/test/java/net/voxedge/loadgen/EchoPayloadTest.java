package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EchoPayloadTest {
    @Test
    void roundTripsSessionSequenceAndSendTime() {
        byte[] b = new byte[200];
        EchoPayload.write(b, 10, 120, 7, 123456, 0x0102030405060708L);
        assertThat(b[10]).isEqualTo(EchoPayload.OPUS_TOC);
        assertThat(EchoPayload.read(b, 10, 120)).isEqualTo(EchoPayload.Check.OK);
        assertThat(EchoPayload.session(b, 10)).isEqualTo(7);
        assertThat(EchoPayload.sequence(b, 10)).isEqualTo(123456);
        assertThat(EchoPayload.sendNanos(b, 10)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void aChangedFillerByteIsCorrupt() {
        byte[] b = new byte[120];
        EchoPayload.write(b, 0, 120, 1, 2, 3);
        b[119] ^= 1;
        assertThat(EchoPayload.read(b, 0, 120)).isEqualTo(EchoPayload.Check.CORRUPT);
    }

    @Test
    void aFillerOfAnotherSequenceIsCorrupt() {
        byte[] b = new byte[120];
        EchoPayload.write(b, 0, 120, 1, 2, 3);
        b[11] = 3; // the sequence now says 3, the filler was made for 2
        assertThat(EchoPayload.read(b, 0, 120)).isEqualTo(EchoPayload.Check.CORRUPT);
    }

    @Test
    void shortUntaggedOrOutOfBoundsInputIsNotOurs() {
        byte[] b = new byte[120];
        assertThat(EchoPayload.read(b, 0, 120)).isEqualTo(EchoPayload.Check.NOT_OURS);
        EchoPayload.write(b, 0, 120, 1, 2, 3);
        assertThat(EchoPayload.read(b, 0, EchoPayload.HEADER_LENGTH - 1)).isEqualTo(EchoPayload.Check.NOT_OURS);
        assertThat(EchoPayload.read(b, 10, 120)).isEqualTo(EchoPayload.Check.NOT_OURS);
        assertThat(EchoPayload.read(b, -1, 30)).isEqualTo(EchoPayload.Check.NOT_OURS);
        assertThat(EchoPayload.read(null, 0, 30)).isEqualTo(EchoPayload.Check.NOT_OURS);
    }

    @Test
    void refusesLengthsItCannotWrite() {
        assertThatThrownBy(() -> EchoPayload.write(new byte[2000], 0, 19, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EchoPayload.write(new byte[2000], 0, 1001, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
