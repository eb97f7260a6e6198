package net.voxedge.loadgen.turn;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;

/**
 * The control side of one TURN allocation over UDP, sans-IO (RFC 8656, long-term credentials):
 * Allocate (the first try draws the 401 with REALM and NONCE), Allocate again with credentials,
 * CreatePermission for the peer, ChannelBind the peer to a channel, then {@link Phase#READY}: data
 * goes as ChannelData. A 438 (stale nonce) retries the same step with the new nonce. At the end,
 * Refresh with LIFETIME 0 gives the allocation back.
 *
 * <p>The IO layer calls {@link #writeRequest} to get the current step's request (again with the
 * same transaction id to retransmit), and feeds every STUN-looking datagram to {@link #onMessage}.
 */
public final class TurnClient {
    /** Where the allocation stands. */
    public enum Phase { ALLOCATE_UNAUTHENTICATED, ALLOCATE, CREATE_PERMISSION, CHANNEL_BIND, READY, REFRESH_ZERO, RELEASED, FAILED }

    private static final int MAX_NONCE_RETRIES = 3;

    private final String username;
    private final String password;
    private final byte[] peerIp;
    private final int peerPort;
    private final int channel;
    private final RandomGenerator random;
    private final TurnMessage reader = new TurnMessage();
    private final TurnRequestWriter writer = new TurnRequestWriter();
    private final byte[] tid = new byte[12];
    private Phase phase = Phase.ALLOCATE_UNAUTHENTICATED;
    private byte[] realm;
    private byte[] nonce;
    private Mac mac;
    private byte[] relayedIp;
    private int relayedPort = -1;
    private String failure;
    private int nonceRetries;
    private long ignored;

    /**
     * @param peerIp the IPv4 peer the allocation sends to (the echo reflector)
     * @param channel 0x4000..0x4FFF
     */
    public TurnClient(String username, String password, byte[] peerIp, int peerPort, int channel, RandomGenerator random) {
        if (peerIp.length != 4) {
            throw new IllegalArgumentException("the peer must be IPv4");
        }
        if (channel < ChannelData.MIN_CHANNEL || channel > ChannelData.MAX_CHANNEL) {
            throw new IllegalArgumentException("channel numbers are 0x4000..0x4FFF: " + channel);
        }
        this.username = username;
        this.password = password;
        this.peerIp = peerIp.clone();
        this.peerPort = peerPort;
        this.channel = channel;
        this.random = random;
        newTransaction();
    }

    public Phase phase() {
        return phase;
    }

    /** Why the allocation failed, or null. */
    public String failure() {
        return failure;
    }

    public int channel() {
        return channel;
    }

    /** The relayed transport address's port, once allocated; -1 before. */
    public int relayedPort() {
        return relayedPort;
    }

    public byte[] relayedIp() {
        return relayedIp == null ? null : relayedIp.clone();
    }

    /** Datagrams {@link #onMessage} did not act on (other transactions, garbage). */
    public long ignored() {
        return ignored;
    }

    /** Whether a request is outstanding (there is something to send or retransmit). */
    public boolean awaitingResponse() {
        return phase != Phase.READY && phase != Phase.RELEASED && phase != Phase.FAILED;
    }

    /**
     * Writes the current step's request at {@code out[off..]} (the same transaction id each time
     * until the step's answer arrives); returns its length, or 0 when there is nothing to send.
     */
    public int writeRequest(byte[] out, int off) {
        return switch (phase) {
            case ALLOCATE_UNAUTHENTICATED -> writer.begin(out, off, TurnMessage.METHOD_ALLOCATE, tid)
                    .requestedTransportUdp().finish(null);
            case ALLOCATE -> writer.begin(out, off, TurnMessage.METHOD_ALLOCATE, tid)
                    .requestedTransportUdp().credentials(username, realm, nonce).finish(mac);
            case CREATE_PERMISSION -> writer.begin(out, off, TurnMessage.METHOD_CREATE_PERMISSION, tid)
                    .xorPeerAddress(peerIp, peerPort).credentials(username, realm, nonce).finish(mac);
            case CHANNEL_BIND -> writer.begin(out, off, TurnMessage.METHOD_CHANNEL_BIND, tid)
                    .channelNumber(channel).xorPeerAddress(peerIp, peerPort).credentials(username, realm, nonce).finish(mac);
            case REFRESH_ZERO -> writer.begin(out, off, TurnMessage.METHOD_REFRESH, tid)
                    .lifetime(0).credentials(username, realm, nonce).finish(mac);
            default -> 0;
        };
    }

    /** Gives the allocation back: the next {@link #writeRequest} is a Refresh with LIFETIME 0. */
    public void release() {
        if (phase == Phase.READY || phase == Phase.CREATE_PERMISSION || phase == Phase.CHANNEL_BIND) {
            phase = Phase.REFRESH_ZERO;
            newTransaction();
        } else if (phase != Phase.FAILED) {
            phase = Phase.RELEASED;
        }
    }

    /** Gives up the current step (the IO layer's retransmissions ran out). */
    public void timeOut() {
        if (awaitingResponse()) {
            fail("no answer to " + phase + " from the TURN server");
        }
    }

    /**
     * Feeds a datagram from the server. Returns the phase after it. Anything not an answer to the
     * outstanding request is counted in {@link #ignored()} and changes nothing; never throws.
     */
    public Phase onMessage(byte[] b, int off, int len) {
        if (reader.parse(b, off, len) != TurnMessage.Result.OK || !awaitingResponse() || !reader.hasTransactionId(tid)
                || reader.messageClass() < 2) {
            ignored++;
            return phase;
        }
        // From the second Allocate on, an answer must carry our MESSAGE-INTEGRITY (RFC 8489 §9.2.4);
        // 401/438 error answers may not (the server could not authenticate us).
        if (mac != null && reader.isSuccess() && (!reader.hasMessageIntegrity() || !reader.verifyIntegrity(mac))) {
            ignored++;
            return phase;
        }
        if (reader.isError()) {
            onError(reader.errorCode());
            return phase;
        }
        switch (phase) {
            case ALLOCATE_UNAUTHENTICATED, ALLOCATE -> {
                if (!reader.hasRelayedAddress()) {
                    fail("Allocate success without XOR-RELAYED-ADDRESS");
                    return phase;
                }
                relayedIp = reader.relayedIp();
                relayedPort = reader.relayedPort();
                next(Phase.CREATE_PERMISSION);
            }
            case CREATE_PERMISSION -> next(Phase.CHANNEL_BIND);
            case CHANNEL_BIND -> next(Phase.READY);
            case REFRESH_ZERO -> next(Phase.RELEASED);
            default -> ignored++;
        }
        return phase;
    }

    private void onError(int code) {
        byte[] newRealm = reader.realm();
        byte[] newNonce = reader.nonce();
        boolean challenge = (code == 401 && phase == Phase.ALLOCATE_UNAUTHENTICATED) || code == 438;
        if (challenge && newRealm != null && newNonce != null && nonceRetries < MAX_NONCE_RETRIES) {
            if (code == 438) {
                nonceRetries++;
            }
            if (realm == null || !java.util.Arrays.equals(realm, newRealm)) {
                realm = newRealm;
                mac = TurnMessage.longTermMac(username, realm, password);
            }
            nonce = newNonce;
            next(phase == Phase.ALLOCATE_UNAUTHENTICATED ? Phase.ALLOCATE : phase);
            return;
        }
        if (phase == Phase.REFRESH_ZERO) {
            next(Phase.RELEASED); // the allocation is gone either way
            return;
        }
        fail(phase + " answered error " + code + (code == 401 ? " (wrong username or password for realm "
                + (realm == null ? "?" : new String(realm, StandardCharsets.UTF_8)) + ")" : ""));
    }

    private void next(Phase p) {
        phase = p;
        newTransaction();
    }

    private void fail(String why) {
        failure = why;
        phase = Phase.FAILED;
    }

    private void newTransaction() {
        for (int i = 0; i < tid.length; i++) {
            tid[i] = (byte) random.nextInt(256);
        }
    }
}
