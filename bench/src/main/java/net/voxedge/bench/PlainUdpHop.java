package net.voxedge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.HdrHistogram.Recorder;

/**
 * The baseline hop: a plain UDP datagram over loopback, a {@link DatagramChannel} sending from the
 * caller's thread to a blocking {@link DatagramChannel} read by a thread of its own. No crypto, no
 * framing, no event loop: what the kernel's loopback and two syscalls cost.
 */
final class PlainUdpHop implements LatencyHop {
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final DatagramChannel receiver;
    private final DatagramChannel sender;
    private final Thread reader;
    private final ByteBuffer out = ByteBuffer.allocateDirect(PAYLOAD);
    private final Recorder recorder;
    private volatile long received;
    private volatile String failure = "";
    private long sendFailures;

    PlainUdpHop(Recorder recorder) {
        this.recorder = recorder;
        try {
            receiver = DatagramChannel.open();
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            sender = DatagramChannel.open();
            sender.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            sender.connect(receiver.getLocalAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open loopback UDP sockets: " + e.getMessage(), e);
        }
        reader = new Thread(this::read, "udp-baseline-receiver");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        ByteBuffer in = ByteBuffer.allocateDirect(2048);
        try {
            while (true) {
                in.clear();
                receiver.receive(in);
                long now = System.nanoTime();
                if (in.position() >= Long.BYTES) {
                    recorder.recordValue(Math.max(0, now - in.getLong(0)));
                    received++;
                }
            }
        } catch (ClosedChannelException e) {
            // close(): the end of the run
        } catch (IOException | RuntimeException e) {
            failure = " receiver failed: " + e;
        }
    }

    @Override
    public String name() {
        return "plain UDP";
    }

    @Override
    public void send(int count) {
        for (int i = 0; i < count; i++) {
            out.clear();
            out.putLong(0, System.nanoTime());
            try {
                if (sender.write(out) != PAYLOAD) {
                    sendFailures++;
                }
            } catch (IOException e) {
                sendFailures++;
            }
        }
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public String notes() {
        return (sendFailures == 0 ? "" : "send failures " + sendFailures) + failure;
    }

    @Override
    public void close() {
        try {
            receiver.close();
            sender.close();
            reader.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
