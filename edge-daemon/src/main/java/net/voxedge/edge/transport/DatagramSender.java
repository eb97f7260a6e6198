package net.voxedge.edge.transport;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * What a media worker needs from the IO layer: its event loop and a way to send. In the daemon
 * it is {@link MediaSockets}, the sockets one loop owns; the benchmarks drive the worker's whole
 * packet path through a stand-in that captures sends, with no socket in the way.
 */
public interface DatagramSender {
    /** The event loop the worker belongs to: its timers run there and packets are handed to it there. */
    EventLoop loop();

    /** Sends {@code buf[off, off+len)} from socket {@code socket} to {@code to}; copies, so {@code buf} may be reused at once. */
    void send(int socket, byte[] buf, int off, int len, InetSocketAddress to);

    /** The socket whose address family matches {@code to}, preferring {@code hint}. */
    int socketFor(InetSocketAddress to, int hint);

    /** How many media sockets the loop has (socket indexes are 0 .. count-1). */
    default int socketCount() {
        return 1;
    }

    /**
     * Sends a relay frame {@code buf[off, off+len)} from the loop's relay socket to a peer's; copies. False
     * when there is no relay socket (relay off), so nothing was sent.
     */
    default boolean sendRelay(byte[] buf, int off, int len, InetSocketAddress to) {
        return false;
    }

    /**
     * From now until {@link #endBatch()}, sends made on the loop's own thread are queued, not flushed:
     * one flush then hands them all to the kernel together (sendmmsg on epoll, one submission on
     * io_uring) instead of one syscall per datagram. Sends from other threads are never held.
     */
    default void beginBatch() {
    }

    /** Flushes what was queued since {@link #beginBatch()}; on the loop's thread. */
    default void endBatch() {
    }
}
