package net.voxedge.edge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closing the daemon frees its media port at once: the sockets are closed before their loops stop.
 * With io_uring, shutting the loops down with the channels still open left the socket's fd open in
 * the process most of the time (found by devnet's DevNetworkStopTest), so a restart in the same
 * process could not bind the port again. Several rounds, because the leak did not happen every time.
 */
class UdpMediaTransportCloseTest {

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll"})
    void closeReleasesTheMediaPortRightAway(String transport) throws Exception {
        assumeTrue(transport.equals("io_uring") ? IoUring.isAvailable() : Epoll.isAvailable(), transport + " unavailable");
        for (int round = 0; round < 4; round++) {
            ConfigSource src = ConfigSource.empty().with("dev", "true", "test").with("media.bind", "127.0.0.1:0", "test")
                    .with("media.workers", "1", "test").with("media.transport", transport, "test")
                    .with("signaling.bind", "127.0.0.1:0", "test");
            EdgeDaemon daemon = EdgeDaemon.start(EdgeConfig.load(src));
            InetSocketAddress media = daemon.transport().boundAddresses().get(0);
            daemon.close();
            assertThat(bindable(media)).as("round %d: %s port %s free after close()", round, transport, media).isTrue();
        }
    }

    private static boolean bindable(InetSocketAddress a) {
        try (DatagramSocket s = new DatagramSocket(a)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
