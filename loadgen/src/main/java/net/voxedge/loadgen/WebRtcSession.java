package net.voxedge.loadgen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.rtp.RtpPacket;
import net.voxedge.edge.rtp.RtpParseResult;
import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageClass;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.loadgen.dtls.DtlsHandshake;
import net.voxedge.loadgen.signaling.Signaling;

/**
 * One emulated browser call: signaling (offer → answer), ICE as the controlling agent (checks
 * with USE-CANDIDATE to the server's host candidate until one succeeds; the server's own checks,
 * e.g. our edge's RTT probes, are answered), a DTLS-SRTP handshake in whichever role the answer
 * gives us, then one SRTP Opus-sized packet per tick (50 packets/s) carrying an
 * {@link EchoPayload}, and the server's echo decrypted, checked and timed.
 *
 * <p>Confined to its {@link IoLoop}'s thread; signaling and DTLS results arrive as loop tasks.
 * One connected UDP socket per session: the kernel sorts datagrams to sessions, at the price of a
 * file descriptor and an ephemeral port each.
 */
final class WebRtcSession implements IoLoop.Endpoint, Flow {
    enum State { NEW, SIGNALING, ICE, DTLS, MEDIA, DONE, FAILED }

    private static final int CHECK_EVERY_TICKS = 5; // 100 ms between ICE retransmissions
    private static final int CONSENT_EVERY_TICKS = 250; // 5 s: RFC 7675 consent freshness
    private static final long ICE_TIMEOUT_NANOS = 10_000_000_000L;
    private static final long DTLS_TIMEOUT_NANOS = 15_000_000_000L;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebRtcSession.class);

    final int id;
    private final WebRtcLoad.Settings settings;
    private final Signaling signaling;
    private final IoLoop loop;
    private final String ufrag;
    private final String pwd;
    private final long ssrc;
    private final HmacSha1 localMac;
    private final StunMessage stun = new StunMessage();
    private final StunMessageWriter stunWriter = new StunMessageWriter();
    private final RtpPacket rtp = new RtpPacket();
    private final byte[] checkTid = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    private final byte[] peerIp = new byte[4];
    final SequenceTracker tracker = new SequenceTracker();

    private DatagramChannel channel;
    private Signaling.Call call;
    private AnswerSdp answer;
    private HmacSha1 remoteMac;
    private byte[] checkUsername;
    private DtlsHandshake handshake;
    private SrtpContext sendContext;
    private SrtpContext receiveContext;
    private int ticksInState;
    private long stateSinceNanos;
    private boolean sending;

    volatile State state = State.NEW;
    volatile String failure;
    // Milestones, nanoTime; 0 = not reached. t0 = offer sent.
    long t0;
    long tAnswer;
    long tIce;
    long tDtls;
    long tFirstEcho;
    // Counters (single writer: the loop).
    volatile long sent;
    long corrupt;
    long misrouted;
    long srtpFailures;
    long rtcpIn;
    long stunIn;
    long notOurs;
    /** The last STUN error response to our checks (ERROR-CODE), for the failure message; 0 = none. */
    private int lastCheckError;
    private int checkResponses;

    WebRtcSession(int id, WebRtcLoad.Settings settings, Signaling signaling, IoLoop loop) {
        this.id = id;
        this.settings = settings;
        this.signaling = signaling;
        this.loop = loop;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.ufrag = randomIceChars(r, 8);
        this.pwd = randomIceChars(r, 24);
        this.ssrc = r.nextLong(1, 0xFFFF_FFFFL);
        this.localMac = ShortTermCredentialMac.create(pwd);
    }

    /** Binds the socket, sends the offer. Loop thread. */
    @Override
    public void start() {
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(settings.localIp(), 0));
            loop.register(channel, this);
        } catch (IOException e) {
            fail("cannot open a UDP socket: " + e);
            return;
        }
        int port = ((InetSocketAddress) socketAddress()).getPort();
        String offer = OfferSdp.build(1000L + id, ufrag, pwd, settings.identity().sha256Fingerprint(),
                settings.setup(), ssrc, settings.localIp(), port);
        enter(State.SIGNALING, System.nanoTime());
        t0 = stateSinceNanos;
        signaling.open(offer).whenComplete((c, e) -> loop.execute(() -> onAnswer(c, e)));
    }

    private Object socketAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return new InetSocketAddress(0);
        }
    }

    private void onAnswer(Signaling.Call c, Throwable error) {
        if (state != State.SIGNALING) {
            if (c != null) {
                signaling.hangUp(c); // the run ended while the offer was out
            }
            return;
        }
        long now = System.nanoTime();
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            fail("signaling: " + cause.getMessage());
            return;
        }
        call = c;
        tAnswer = now;
        answer = AnswerSdp.parse(c.answerSdp());
        if (LOG.isDebugEnabled()) {
            LOG.debug("session {} answer:\n{}", id, c.answerSdp());
        }
        if (answer.error() != null) {
            fail("answer: " + answer.error());
            return;
        }
        try {
            InetSocketAddress via = settings.mediaVia();
            InetAddress ip = via != null ? via.getAddress() : InetAddress.getByName(answer.candidateIp());
            System.arraycopy(ip.getAddress(), 0, peerIp, 0, 4);
            channel.connect(via != null ? via : new InetSocketAddress(ip, answer.candidatePort()));
        } catch (IOException e) {
            fail("cannot connect to the answer's candidate: " + e);
            return;
        }
        remoteMac = ShortTermCredentialMac.create(answer.pwd());
        checkUsername = (answer.ufrag() + ":" + ufrag).getBytes(StandardCharsets.UTF_8);
        enter(State.ICE, now);
        sendCheck(true);
    }

    @Override
    public boolean onTick(IoLoop l, long now) {
        switch (state) {
            case ICE -> {
                if (now - stateSinceNanos > ICE_TIMEOUT_NANOS) {
                    fail("ICE: no binding success response in " + ICE_TIMEOUT_NANOS / 1_000_000_000 + " s from "
                            + answer.candidateIp() + ":" + answer.candidatePort() + " (" + checkResponses + " other answers"
                            + (lastCheckError != 0 ? ", last error " + lastCheckError : "") + ", " + stunIn + " STUN in)");
                } else if (++ticksInState % CHECK_EVERY_TICKS == 0) {
                    sendCheck(true);
                }
            }
            case DTLS -> {
                if (now - stateSinceNanos > DTLS_TIMEOUT_NANOS) {
                    fail("DTLS: handshake not done in " + DTLS_TIMEOUT_NANOS / 1_000_000_000 + " s");
                }
            }
            case MEDIA -> {
                if (sending) {
                    sendMedia(l);
                }
                if (++ticksInState % CONSENT_EVERY_TICKS == 0) {
                    sendCheck(true);
                }
            }
            case DONE, FAILED -> {
                return false;
            }
            default -> {
                // NEW, SIGNALING: waiting
            }
        }
        return true;
    }

    private void sendCheck(boolean nominate) {
        ThreadLocalRandom.current().nextBytes(checkTid);
        byte[] out = loop.tx;
        int n = stunWriter.writeBindingRequest(out, 0, checkTid, 0, checkUsername, 0x6E7F1EFFL,
                IceRoleAttribute.CONTROLLING, 0x1122334455667788L ^ id, nominate, remoteMac);
        write(out, n);
    }

    private void sendMedia(IoLoop l) {
        int seq = (int) sent;
        byte[] out = l.tx;
        RtpPacket.writeFixedHeader(out, 0, out.length, OfferSdp.OPUS_PT, seq == 0, seq & 0xFFFF, 960L * seq, ssrc);
        EchoPayload.write(out, RtpPacket.FIXED_HEADER_LENGTH, settings.payloadBytes(), id, seq, System.nanoTime());
        int n = sendContext.protectRtp(out, 0, RtpPacket.FIXED_HEADER_LENGTH + settings.payloadBytes());
        if (n < 0) {
            fail("SRTP protect failed: " + n);
            return;
        }
        if (write(out, n)) {
            sent = seq + 1L;
            l.packetsOut = l.packetsOut + 1;
        }
    }

    private boolean write(byte[] out, int n) {
        ByteBuffer b = loop.txBuffer;
        b.clear().limit(n);
        try {
            return channel.write(b) == n;
        } catch (IOException e) {
            // ICMP port unreachable after the server went away, or a full socket buffer: the packet is lost.
            return false;
        }
    }

    @Override
    public void onReadable(IoLoop l, long now) {
        ByteBuffer b = l.rxBuffer;
        for (int i = 0; i < 64; i++) { // bounded, so one busy socket cannot starve the others
            b.clear();
            int n;
            try {
                if (!channel.isConnected()) {
                    // A full-ICE server (Janus) may check us before its answer reached us: drop it, it retransmits.
                    if (channel.receive(b) == null) {
                        return;
                    }
                    notOurs++;
                    continue;
                }
                n = channel.read(b);
            } catch (IOException e) {
                continue; // ICMP error queued on the connected socket
            }
            if (n <= 0) {
                return;
            }
            l.packetsIn = l.packetsIn + 1;
            onDatagram(l, l.rx, n, System.nanoTime());
        }
    }

    private void onDatagram(IoLoop l, byte[] buf, int len, long now) {
        int first = buf[0] & 0xFF;
        if (first < 4) {
            stunIn++;
            onStun(buf, len, now);
        } else if (first >= 20 && first < 64) {
            if (handshake != null) {
                handshake.offer(buf, 0, len);
            }
        } else if (first >= 128 && first < 192 && len >= 12) {
            int pt = buf[1] & 0xFF;
            if (pt >= 192 && pt <= 223) {
                rtcpIn++; // the server's reports: counted, not read
            } else if (receiveContext != null) {
                onRtp(l, buf, len, now);
            }
        } else {
            notOurs++;
        }
    }

    private void onStun(byte[] buf, int len, long now) {
        if (stun.parse(buf, 0, len) != StunParseResult.OK || stun.method() != StunMessage.METHOD_BINDING) {
            notOurs++;
            return;
        }
        if (stun.messageClass() == StunMessageClass.REQUEST) {
            // The server checks us (full ICE, or our edge's RTT probes): USERNAME ours:theirs, keyed with our pwd.
            if (!stun.hasMessageIntegrity() || !stun.verifyMessageIntegrity(localMac)) {
                notOurs++;
                return;
            }
            int n = stunWriter.writeBindingSuccess(loop.tx, 0, stun, peerIp, answer == null ? 0
                : settings.mediaVia() != null ? settings.mediaVia().getPort() : answer.candidatePort(), localMac);
            write(loop.tx, n);
            return;
        }
        if (stun.messageClass() == StunMessageClass.ERROR_RESPONSE) {
            checkResponses++;
            lastCheckError = stun.hasErrorCode() ? stun.errorCode() : -1;
            return;
        }
        if (stun.messageClass() == StunMessageClass.SUCCESS_RESPONSE && state == State.ICE
                && Arrays.equals(buf, stun.transactionIdOffset(), stun.transactionIdOffset() + 12, checkTid, 0, 12)) {
            if (stun.hasMessageIntegrity() && !stun.verifyMessageIntegrity(remoteMac)) {
                notOurs++;
                return;
            }
            tIce = now;
            startDtls(now);
        }
    }

    private void startDtls(long now) {
        enter(State.DTLS, now);
        handshake = new DtlsHandshake(settings.identity(), settings.profiles(), answer.fingerprintSha256(),
                answer.serverIsDtlsClient(), (b, off, len) -> channel.write(ByteBuffer.wrap(b, off, len)));
        DtlsHandshake hs = handshake;
        Thread.ofVirtual().name("dtls-" + id).start(() -> {
            DtlsHandshake.Result r = hs.run();
            loop.execute(() -> onDtlsDone(r));
        });
    }

    private void onDtlsDone(DtlsHandshake.Result r) {
        if (state != State.DTLS) {
            return;
        }
        long now = System.nanoTime();
        if (r.error() != null) {
            fail(r.error());
            return;
        }
        SrtpKeyMaterial keys = r.keys();
        sendContext = SrtpContext.forSending(keys);
        receiveContext = SrtpContext.forReceiving(keys);
        tDtls = now;
        sending = true;
        enter(State.MEDIA, now);
    }

    private void onRtp(IoLoop l, byte[] buf, int len, long now) {
        int n = receiveContext.unprotectRtp(buf, 0, len);
        if (n < 0) {
            srtpFailures++;
            return;
        }
        if (rtp.parse(buf, 0, n) != RtpParseResult.OK) {
            notOurs++;
            return;
        }
        int p = rtp.payloadOffset();
        int plen = rtp.payloadLength();
        EchoPayload.Check check = EchoPayload.read(buf, p, plen);
        if (check == EchoPayload.Check.NOT_OURS) {
            notOurs++;
            return;
        }
        if (check == EchoPayload.Check.CORRUPT || plen != settings.payloadBytes()) {
            corrupt++;
            return;
        }
        if (EchoPayload.session(buf, p) != id) {
            misrouted++; // another session's audio: the worst thing an echo server can do
            return;
        }
        long rttNanos = now - EchoPayload.sendNanos(buf, p);
        if (tFirstEcho == 0) {
            tFirstEcho = now;
        }
        tracker.onReceived(EchoPayload.sequence(buf, p));
        l.rttMicros.recordValue(Math.max(0, rttNanos / 1000));
    }

    /** Stops sending media; echoes still in flight are still counted. Loop thread. */
    @Override
    public void stopSending() {
        sending = false;
    }

    /** Hangs up and releases the socket. Loop thread. */
    @Override
    public void close() {
        if (state != State.FAILED) {
            state = State.DONE;
        }
        if (handshake != null) {
            handshake.close();
        }
        if (call != null) {
            signaling.hangUp(call);
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void enter(State s, long now) {
        state = s;
        stateSinceNanos = now;
        ticksInState = 0;
    }

    private void fail(String why) {
        failure = why;
        state = State.FAILED;
        if (handshake != null) {
            handshake.close();
        }
    }

    @Override
    public IoLoop loopOf() {
        return loop;
    }

    @Override
    public boolean established() {
        return tFirstEcho != 0;
    }

    @Override
    public boolean failed() {
        return state == State.FAILED;
    }

    @Override
    public boolean streaming() {
        return state == State.MEDIA;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public SequenceTracker tracker() {
        return tracker;
    }

    @Override
    public long corrupt() {
        return corrupt;
    }

    @Override
    public long misrouted() {
        return misrouted;
    }

    @Override
    public long t0() {
        return t0;
    }

    @Override
    public long tFirstEcho() {
        return tFirstEcho;
    }

    private static String randomIceChars(ThreadLocalRandom r, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
