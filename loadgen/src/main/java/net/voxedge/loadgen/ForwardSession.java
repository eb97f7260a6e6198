package net.voxedge.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import net.voxedge.loadgen.turn.ChannelData;
import net.voxedge.loadgen.turn.TurnClient;

/**
 * One flow of the packet-forwarding benchmark: {@link EchoPayload} packets at 50 per second to an
 * echo reflector, either straight ({@link Mode#DIRECT}, the baseline) or relayed by a TURN server
 * ({@link Mode#TURN}: an allocation, a permission and a channel to the reflector, then
 * ChannelData both ways). Echo RTT minus the direct baseline's is the latency the relay adds.
 *
 * <p>Confined to its {@link IoLoop}; one connected UDP socket per flow (one 5-tuple per allocation).
 */
final class ForwardSession extends FlowFigures implements IoLoop.Endpoint {
    enum Mode { DIRECT, TURN }

    enum State { NEW, ALLOCATING, MEDIA, DONE, FAILED }

    private static final int RETRANSMIT_TICKS = 10; // 200 ms
    private static final int MAX_TRANSMISSIONS = 25; // 5 s per step

    private final Mode mode;
    private final InetSocketAddress target;
    private final int payloadBytes;
    private final TurnClient turn;
    private DatagramChannel channel;
    private boolean sending;
    private int ticksSinceRequest;
    private int transmissions;
    private TurnClient.Phase lastPhase;

    volatile State state = State.NEW;
    long tReady;

    /**
     * @param target the reflector (DIRECT) or the TURN server (TURN)
     * @param turn the allocation's control state (TURN), or null (DIRECT)
     */
    ForwardSession(int id, Mode mode, IoLoop loop, InetSocketAddress target, int payloadBytes, TurnClient turn) {
        super(id, loop);
        this.mode = mode;
        this.target = target;
        this.payloadBytes = payloadBytes;
        this.turn = turn;
    }

    /** Opens the socket; DIRECT starts streaming at once, TURN allocates first. Loop thread. */
    @Override
    public void start() {
        t0 = System.nanoTime();
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(target.getAddress(), 0));
            channel.connect(target);
            loop.register(channel, this);
        } catch (IOException e) {
            fail("cannot open a UDP socket to " + target + ": " + e);
            return;
        }
        if (mode == Mode.DIRECT) {
            tReady = t0;
            state = State.MEDIA;
            sending = true;
        } else {
            state = State.ALLOCATING;
            sendRequest();
        }
    }

    private void sendRequest() {
        if (turn.phase() != lastPhase) {
            lastPhase = turn.phase();
            transmissions = 0;
        }
        int n = turn.writeRequest(loop.tx, 0);
        if (n > 0) {
            write(n);
            transmissions++;
        }
        ticksSinceRequest = 0;
    }

    @Override
    public boolean onTick(IoLoop l, long now) {
        if (state == State.DONE || state == State.FAILED) {
            return false;
        }
        if (turn != null && turn.awaitingResponse() && ++ticksSinceRequest >= RETRANSMIT_TICKS) {
            if (transmissions >= MAX_TRANSMISSIONS && turn.phase() == lastPhase) {
                turn.timeOut();
                if (state == State.ALLOCATING) {
                    fail(turn.failure());
                    return false;
                }
            } else {
                sendRequest();
            }
        }
        if (sending) {
            sendMedia(l);
        }
        return true;
    }

    private void sendMedia(IoLoop l) {
        int seq = (int) sent;
        byte[] out = l.tx;
        int n;
        if (mode == Mode.TURN) {
            ChannelData.writeHeader(out, 0, turn.channel(), payloadBytes);
            EchoPayload.write(out, ChannelData.HEADER, payloadBytes, id, seq, System.nanoTime());
            n = ChannelData.HEADER + payloadBytes;
        } else {
            EchoPayload.write(out, 0, payloadBytes, id, seq, System.nanoTime());
            n = payloadBytes;
        }
        if (write(n)) {
            sent = seq + 1L;
            l.packetsOut = l.packetsOut + 1;
        }
    }

    private boolean write(int n) {
        ByteBuffer b = loop.txBuffer;
        b.clear().limit(n);
        try {
            return channel.write(b) == n;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void onReadable(IoLoop l, long now) {
        ByteBuffer b = l.rxBuffer;
        for (int i = 0; i < 64; i++) {
            b.clear();
            int n;
            try {
                n = channel.read(b);
            } catch (IOException e) {
                continue;
            }
            if (n <= 0) {
                return;
            }
            l.packetsIn = l.packetsIn + 1;
            onDatagram(l, l.rx, n, System.nanoTime());
        }
    }

    private void onDatagram(IoLoop l, byte[] buf, int len, long now) {
        if (mode == Mode.DIRECT) {
            onEcho(l, buf, 0, len, now);
            return;
        }
        int ch = ChannelData.channel(buf, 0, len);
        if (ch >= 0) {
            if (ch == turn.channel()) {
                onEcho(l, buf, ChannelData.HEADER, ChannelData.dataLength(buf, 0), now);
            } else {
                notOurs++;
            }
            return;
        }
        TurnClient.Phase before = turn.phase();
        TurnClient.Phase after = turn.onMessage(buf, 0, len);
        if (after == before) {
            return;
        }
        switch (after) {
            case READY -> {
                tReady = now;
                state = State.MEDIA;
                sending = true;
            }
            case FAILED -> fail(turn.failure());
            default -> sendRequest();
        }
    }

    private void onEcho(IoLoop l, byte[] buf, int off, int len, long now) {
        EchoPayload.Check check = EchoPayload.read(buf, off, len);
        if (check == EchoPayload.Check.NOT_OURS) {
            notOurs++;
            return;
        }
        if (check == EchoPayload.Check.CORRUPT || len != payloadBytes) {
            corrupt++;
            return;
        }
        if (EchoPayload.session(buf, off) != id) {
            misrouted++;
            return;
        }
        if (tFirstEcho == 0) {
            tFirstEcho = now;
        }
        tracker.onReceived(EchoPayload.sequence(buf, off));
        l.rttMicros.recordValue(Math.max(0, (now - EchoPayload.sendNanos(buf, off)) / 1000));
    }

    @Override
    public void stopSending() {
        sending = false;
    }

    /** Releases the allocation (one Refresh, not waited for) and the socket. Loop thread. */
    @Override
    public void close() {
        if (turn != null && turn.phase() == TurnClient.Phase.READY) {
            turn.release();
            int n = turn.writeRequest(loop.tx, 0);
            if (n > 0) {
                write(n);
            }
        }
        if (state != State.FAILED) {
            state = State.DONE;
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public boolean failed() {
        return state == State.FAILED;
    }

    @Override
    public boolean streaming() {
        return state == State.MEDIA;
    }

    private void fail(String why) {
        failure = why;
        state = State.FAILED;
    }

    static int randomChannel() {
        return ChannelData.MIN_CHANNEL + ThreadLocalRandom.current().nextInt(ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL + 1);
    }
}
