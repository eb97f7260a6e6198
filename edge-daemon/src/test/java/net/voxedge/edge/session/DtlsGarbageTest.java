package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.PacketClassLabel;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.EdgeFixture.Call;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.testing.StunReply;
import net.voxedge.edge.testing.UdpClient;
import org.junit.jupiter.api.Test;

/**
 * A client that authenticated its address and then sends only DTLS garbage: the handshake endpoint swallows it
 * without answering or failing the worker, and the session ends when the handshake timeout passes.
 */
class DtlsGarbageTest {

    @Test
    void dtlsGarbageFromABoundAddressEndsTheSessionAtTheHandshakeTimeoutWithoutAReply() throws Exception {
        try (EdgeFixture edge = EdgeFixture.start("dtls.handshakeTimeoutSeconds", "1")) {
            SessionRegistry registry = edge.daemon().sessions().registry();
            Call call = edge.openCall();
            EdgeSession session = registry.byCallId(call.callId());
            try (UdpClient client = new UdpClient("127.0.0.1", call.media())) {
                StunReply ok = client.exchange(StunCheck.as(call.username(), call.password()).build(), Duration.ofSeconds(5));
                assertThat(ok.type()).isEqualTo(0x0101);
                Random rnd = new Random(5764);
                for (int i = 0; i < 20; i++) {
                    byte[] record = new byte[13 + rnd.nextInt(1200)];
                    rnd.nextBytes(record);
                    record[0] = (byte) (20 + rnd.nextInt(4)); // change_cipher_spec, alert, handshake, application_data
                    record[1] = (byte) 0xFE;
                    record[2] = (byte) 0xFD;
                    client.send(record);
                }
                EdgeFixture.await("the session closed", Duration.ofSeconds(30), session::isClosed);
                assertThat(session.closeReason()).isEqualTo(CloseReason.DTLS_FAILED);
                assertThat(client.receive(Duration.ofMillis(100))).as("anything sent back to DTLS garbage").isNull();
                assertThat(edge.metrics().packetsOut(PacketClassLabel.DTLS)).isZero();
                assertThat(edge.metrics().dropCount(DropReason.WORKER_ERROR)).isZero();
                EdgeFixture.await("the address unbound", Duration.ofSeconds(5), () -> registry.boundAddresses() == 0);
                assertThat(edge.metrics().sessionsActive()).isZero();

                // Late records from the address find no session.
                double before = edge.metrics().dropCount(DropReason.UNKNOWN_SOURCE);
                client.send(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                EdgeFixture.await("the late record counted", Duration.ofSeconds(5),
                        () -> edge.metrics().dropCount(DropReason.UNKNOWN_SOURCE) > before);
            }
        }
    }
}
