package net.voxedge.bench;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import net.voxedge.edge.transport.DatagramSender;

/**
 * Stands in for the sockets of one event loop, so {@code MediaWorker} runs its whole packet path
 * with no IO. It has two modes:
 *
 * <ul>
 *   <li><b>recording</b> (setup): every datagram is copied into a queue, where the simulated
 *       browser reads STUN responses, DTLS flights and echoed RTP. Thread-safe: DTLS flights come
 *       from the handshake thread.</li>
 *   <li><b>measuring</b>: a send only remembers where the bytes were (no copy, no allocation) and
 *       counts, which is all a benchmark's iteration checks need. What a real send costs on top
 *       (Netty's pooled buffer, {@code DatagramPacket}, the syscall) is outside the worker.</li>
 * </ul>
 */
final class CapturingSender implements DatagramSender {
    private final EventLoop loop;
    private volatile boolean recording = true;
    private final BlockingQueue<byte[]> dtls = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> other = new LinkedBlockingQueue<>();

    /** Sends seen while measuring; single-threaded then, so plain fields. */
    long sent;
    byte[] lastBuf;
    int lastOff;
    int lastLen;
    InetSocketAddress lastTo;

    CapturingSender(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void send(int socket, byte[] buf, int off, int len, InetSocketAddress to) {
        if (recording) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            // RFC 7983: a first byte of 20..63 is DTLS; the handshake client only wants those.
            int first = len > 0 ? buf[off] & 0xFF : -1;
            (first >= 20 && first <= 63 ? dtls : other).add(copy);
            return;
        }
        sent++;
        lastBuf = buf;
        lastOff = off;
        lastLen = len;
        lastTo = to;
    }

    @Override
    public int socketFor(InetSocketAddress to, int hint) {
        return Math.max(hint, 0);
    }

    /** Stops copying: from now on sends are only counted (call once the setup is over). */
    void stopRecording() {
        recording = false;
    }

    /** DTLS records the edge sent, in order (recording mode). */
    BlockingQueue<byte[]> dtls() {
        return dtls;
    }

    /** Everything else the edge sent: STUN responses, SRTP, SRTCP (recording mode). */
    BlockingQueue<byte[]> other() {
        return other;
    }
}
