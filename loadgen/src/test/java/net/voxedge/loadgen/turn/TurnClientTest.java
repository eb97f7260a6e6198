package net.voxedge.loadgen.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TurnClientTest {
    @Test
    void firstRequestIsAnUnauthenticatedAllocateForUdp() {
        TurnClient c = new TurnClient("u", "p", new byte[] {127, 0, 0, 1}, 3480, 0x4000, new Random(1));
        byte[] out = new byte[512];
        int n = c.writeRequest(out, 0);
        TurnMessage m = new TurnMessage();
        assertThat(m.parse(out, 0, n)).isEqualTo(TurnMessage.Result.OK);
        assertThat(m.method()).isEqualTo(TurnMessage.METHOD_ALLOCATE);
        assertThat(m.hasMessageIntegrity()).isFalse();
        assertThat(m.fingerprintValid()).isTrue();
        // A retransmission repeats the transaction.
        byte[] again = new byte[512];
        assertThat(c.writeRequest(again, 0)).isEqualTo(n);
        assertThat(java.util.Arrays.copyOfRange(again, 8, 20)).isEqualTo(java.util.Arrays.copyOfRange(out, 8, 20));
    }

    @Test
    void garbageAndOtherTransactionsChangeNothing() {
        TurnClient c = new TurnClient("u", "p", new byte[] {127, 0, 0, 1}, 3480, 0x4000, new Random(2));
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(120)];
            r.nextBytes(junk);
            if (junk.length > 8 && r.nextBoolean()) { // make some of it look like STUN
                junk[0] = 0x01;
                junk[4] = 0x21;
                junk[5] = 0x12;
                junk[6] = (byte) 0xA4;
                junk[7] = 0x42;
            }
            assertThat(c.onMessage(junk, 0, junk.length)).isEqualTo(TurnClient.Phase.ALLOCATE_UNAUTHENTICATED);
        }
        // A well-formed success to someone else's transaction is not ours either.
        assertThat(c.onMessage(TurnMessageTest.RFC5769_RESPONSE, 0, TurnMessageTest.RFC5769_RESPONSE.length))
                .isEqualTo(TurnClient.Phase.ALLOCATE_UNAUTHENTICATED);
        assertThat(c.ignored()).isEqualTo(2001);
    }

    @Test
    void timingOutFailsWithTheStepItWaitedFor() {
        TurnClient c = new TurnClient("u", "p", new byte[] {127, 0, 0, 1}, 3480, 0x4000, new Random(2));
        c.timeOut();
        assertThat(c.phase()).isEqualTo(TurnClient.Phase.FAILED);
        assertThat(c.failure()).contains("ALLOCATE_UNAUTHENTICATED");
        assertThat(c.writeRequest(new byte[512], 0)).isZero();
    }
}
