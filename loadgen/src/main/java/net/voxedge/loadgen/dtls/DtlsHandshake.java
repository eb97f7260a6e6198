package net.voxedge.loadgen.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.srtp.SrtpKeyMaterial;
import net.voxedge.edge.srtp.SrtpProfile;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * One DTLS-SRTP handshake, run by BouncyCastle's blocking protocol on the calling (virtual)
 * thread. The IO loop feeds received DTLS records in with {@link #offer}; records go out through
 * the {@link Sender}. Plays the client or the server as the answer's {@code a=setup} decides.
 */
public final class DtlsHandshake {
    /** How a handshake sends a datagram to the peer; must be callable from any thread. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** A handshake's outcome: keys, or why there are none. */
    public record Result(SrtpKeyMaterial keys, DTLSTransport transport, String error) {
    }

    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(64);
    private final DtlsIdentity identity;
    private final int[] profileIds;
    private final String peerFingerprint;
    private final boolean weAreServer;
    private final Sender sender;
    private volatile boolean closed;

    /**
     * @param profiles SRTP profiles offered (client) or accepted (server), in preference order
     * @param weAreServer true when the answer said {@code a=setup:active}
     */
    public DtlsHandshake(DtlsIdentity identity, SrtpProfile[] profiles, String peerFingerprint, boolean weAreServer,
                         Sender sender) {
        this.identity = identity;
        this.profileIds = Arrays.stream(profiles).mapToInt(SrtpProfile::id).toArray();
        this.peerFingerprint = peerFingerprint;
        this.weAreServer = weAreServer;
        this.sender = sender;
    }

    /** Hands a received DTLS record to the handshake; drops it (as the network might) when the queue is full. */
    public void offer(byte[] buf, int off, int len) {
        if (!closed) {
            inbound.offer(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    /** Makes a waiting handshake give up (the run is ending). */
    public void close() {
        closed = true;
    }

    /** Runs the handshake to the end; blocks. Never throws. */
    public Result run() {
        DatagramTransport transport = new QueueTransport();
        try {
            SrtpExport export;
            DTLSTransport dtls;
            if (weAreServer) {
                LoadDtlsServer server = new LoadDtlsServer(identity, profileIds, peerFingerprint);
                dtls = new DTLSServerProtocol().accept(server, transport);
                export = server.export();
            } else {
                LoadDtlsClient client = new LoadDtlsClient(identity, profileIds, peerFingerprint);
                dtls = new DTLSClientProtocol().connect(client, transport);
                export = client.export();
            }
            SrtpProfile profile = SrtpProfile.fromId(export.selected).orElse(null);
            if (profile == null || export.material == null) {
                return new Result(null, null, "no SRTP profile was negotiated (use_srtp)");
            }
            return new Result(SrtpKeyMaterial.fromDtlsExport(profile, export.material, weAreServer), dtls, null);
        } catch (IOException | RuntimeException e) {
            return new Result(null, null, "DTLS " + (weAreServer ? "server" : "client") + " handshake failed: " + e);
        }
    }

    private final class QueueTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("the run ended during the handshake");
            }
            try {
                byte[] d = inbound.poll(Math.max(waitMillis, 1), TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                int n = Math.min(d.length, len);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (!closed) {
                sender.send(buf, off, len);
            }
        }

        @Override
        public void close() {
        }
    }
}
