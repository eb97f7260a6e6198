package net.voxedge.edge.dtls;

import net.voxedge.edge.srtp.SrtpProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsServerEndpointTest {
    private static final int GCM = SrtpProfile.AEAD_AES_128_GCM.id();
    private static final int CM80 = SrtpProfile.AES128_CM_HMAC_SHA1_80.id();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate(Duration.ofDays(30));
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate(Duration.ofDays(30));

    private final TrackingExecutor serverThreads = new TrackingExecutor();
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<DtlsServerEndpoint> endpoints = new ArrayList<>();

    @AfterEach
    void tearDown() {
        endpoints.forEach(DtlsServerEndpoint::close);
        serverThreads.close();
        clientThreads.shutdownNow();
    }

    /** One server endpoint wired to a pipe; the client side is started separately. */
    private final class Session {
        final DtlsTestPipe pipe = new DtlsTestPipe();
        final RecordingListener listener = new RecordingListener();
        final DtlsServerEndpoint server;

        Session(int[] serverProfiles, String expectedClientFingerprint, Duration timeout) {
            server = new DtlsServerEndpoint(SERVER_CERT, serverProfiles, expectedClientFingerprint,
                    pipe.serverSink(), listener, timeout, serverThreads, DtlsTestPipe.MTU);
            endpoints.add(server);
            pipe.connect(server);
        }

        Session(int... serverProfiles) {
            this(serverProfiles, CLIENT_CERT.sha256Fingerprint(), TIMEOUT);
        }

        CompletableFuture<DTLSTransport> connect(TestDtlsClient client) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return new DTLSClientProtocol().connect(client, pipe.clientTransport());
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, clientThreads);
        }
    }

    private static TestDtlsClient client(int... profiles) {
        return new TestDtlsClient(CLIENT_CERT, profiles);
    }

    private static DTLSTransport await(CompletableFuture<DTLSTransport> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /** The client's side must fail too (it got an alert or gave up); we only need it to end. */
    private static void awaitClientFailure(CompletableFuture<DTLSTransport> f) {
        assertThatThrownBy(() -> f.get(40, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void bothSidesDeriveTheSameKeyingMaterialForEachProfile(SrtpProfile profile) throws Exception {
        Session s = new Session(profile.id());
        s.server.start();
        TestDtlsClient client = client(profile.id());
        await(s.connect(client));

        RecordingListener.Completed done = s.listener.awaitCompleted();
        assertThat(done.profileId()).isEqualTo(profile.id());
        assertThat(done.keyingMaterial()).hasSize(profile.keyingMaterialLength());
        assertThat(client.exportSrtpKeyingMaterial(profile.keyingMaterialLength()))
                .isEqualTo(done.keyingMaterial());
        assertThat(done.keyingMaterial()).isNotEqualTo(new byte[profile.keyingMaterialLength()]);
        assertThat(done.handshakeNanos()).isPositive();
        // What the client sees: the profile we chose, no MKI, and the certificate our SDP names.
        assertThat(client.selectedProfile).isEqualTo(profile.id());
        assertThat(client.selectedMki).isEmpty();
        assertThat(client.serverFingerprint).isEqualTo(SERVER_CERT.sha256Fingerprint());
        assertThat(s.listener.callbackThreads).allMatch(serverThreads.threads::contains);
    }

    @Test
    void keyingMaterialLengthsFollowRfc5764AndRfc7714() {
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()).isEqualTo(88);
        assertThat(SrtpProfile.fromId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0005)).isEmpty();
    }

    @Test
    void twoHandshakesNeverShareKeys() throws Exception {
        byte[][] material = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Session s = new Session(GCM);
            s.server.start();
            await(s.connect(client(GCM)));
            material[i] = s.listener.awaitCompleted().keyingMaterial();
        }
        assertThat(material[0]).isNotEqualTo(material[1]);
    }

    @Test
    void serverPreferenceWinsOverClientOrder() throws Exception {
        Session s = new Session(GCM, CM80);
        s.server.start();
        TestDtlsClient client = client(CM80, GCM);
        await(s.connect(client));

        RecordingListener.Completed done = s.listener.awaitCompleted();
        assertThat(done.profileId()).isEqualTo(GCM);
        assertThat(client.selectedProfile).isEqualTo(GCM);
        assertThat(client.exportSrtpKeyingMaterial(56)).isEqualTo(done.keyingMaterial());
    }

    @Test
    void configurationCanForceTheOlderProfile() throws Exception {
        Session s = new Session(CM80);
        s.server.start();
        TestDtlsClient client = client(GCM, CM80);
        await(s.connect(client));

        RecordingListener.Completed done = s.listener.awaitCompleted();
        assertThat(done.profileId()).isEqualTo(CM80);
        assertThat(done.keyingMaterial()).hasSize(60);
        assertThat(client.exportSrtpKeyingMaterial(60)).isEqualTo(done.keyingMaterial());
    }

    @Test
    void noCommonProfileFailsWithNamedReason() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        CompletableFuture<DTLSTransport> c = s.connect(client(CM80));

        assertThat(s.listener.awaitFailure()).isEqualTo("no common SRTP profile");
        awaitClientFailure(c);
        serverThreads.assertNoThreadLeft();
        assertThat(s.listener.calls).containsExactly("failed");
    }

    @Test
    void clientWithoutUseSrtpIsRefused() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        CompletableFuture<DTLSTransport> c = s.connect(client(GCM).withoutUseSrtp());

        assertThat(s.listener.awaitFailure()).isEqualTo("client did not offer use_srtp");
        awaitClientFailure(c);
    }

    @Test
    void clientWithoutExtendedMasterSecretIsRefused() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        CompletableFuture<DTLSTransport> c = s.connect(client(GCM).withoutExtendedMasterSecret());

        assertThat(s.listener.awaitFailure()).contains("extended_master_secret");
        awaitClientFailure(c);
    }

    @Test
    void clientCertificateOtherThanTheSdpOneFails() throws Exception {
        String someoneElse = DtlsCertificate.generate(Duration.ofDays(1)).sha256Fingerprint();
        Session s = new Session(new int[] {GCM}, someoneElse, TIMEOUT);
        s.server.start();
        CompletableFuture<DTLSTransport> c = s.connect(client(GCM));

        assertThat(s.listener.awaitFailure()).isEqualTo("remote fingerprint mismatch");
        awaitClientFailure(c);
        assertThat(s.listener.completed).isNotDone();
    }

    @Test
    void lowercaseSdpFingerprintIsAccepted() throws Exception {
        Session s = new Session(new int[] {GCM}, CLIENT_CERT.sha256Fingerprint().toLowerCase(), TIMEOUT);
        s.server.start();
        await(s.connect(client(GCM)));
        assertThat(s.listener.awaitCompleted().profileId()).isEqualTo(GCM);
    }

    @Test
    void silentClientTimesOut() throws Exception {
        Session s = new Session(new int[] {GCM}, CLIENT_CERT.sha256Fingerprint(), Duration.ofMillis(300));
        s.server.start();

        assertThat(s.listener.awaitFailure()).isEqualTo("timeout after 300 ms");
        serverThreads.assertNoThreadLeft();
        assertThat(s.server.isTerminated()).isTrue();
    }

    @Test
    void clientThatStopsAnsweringMidHandshakeTimesOut() throws Exception {
        Session s = new Session(new int[] {GCM}, CLIENT_CERT.sha256Fingerprint(), Duration.ofSeconds(1));
        // Everything the server says is lost: the client keeps repeating its ClientHello, never
        // reaching its second flight.
        s.pipe.dropToClient = d -> true;
        s.server.start();
        CompletableFuture<DTLSTransport> c = s.connect(client(GCM).withResendMillis(100));

        assertThat(s.listener.awaitFailure()).isEqualTo("timeout after 1 s");
        assertThat(s.pipe.serverSent).anyMatch(DtlsTestPipe::isServerHello);
        c.cancel(true);
        serverThreads.assertNoThreadLeft();
    }

    @Test
    void lostPacketsInEachFlightAreRetransmitted() throws Exception {
        Session s = new Session(GCM, CM80);
        s.pipe.dropToServer = DtlsTestPipe.first(DtlsTestPipe::isClientHello);
        // Drop the server's first flight and, later, its final flight: the last one is recovered
        // only if the endpoint keeps reading after reporting completion.
        var lostServerHello = DtlsTestPipe.first(DtlsTestPipe::isServerHello);
        var lostFinished = DtlsTestPipe.first(DtlsTestPipe::startsWithChangeCipherSpec);
        s.pipe.dropToClient = d -> lostServerHello.test(d) || lostFinished.test(d);
        s.server.start();
        TestDtlsClient client = client(GCM, CM80).withResendMillis(100);
        await(s.connect(client));

        RecordingListener.Completed done = s.listener.awaitCompleted();
        assertThat(client.exportSrtpKeyingMaterial(56)).isEqualTo(done.keyingMaterial());
        assertThat(s.pipe.serverSent.stream().filter(DtlsTestPipe::isServerHello).count())
                .as("ServerHello sent again after loss").isGreaterThanOrEqualTo(2);
        assertThat(s.pipe.serverSent.stream().filter(DtlsTestPipe::startsWithChangeCipherSpec).count())
                .as("final flight sent again after loss").isGreaterThanOrEqualTo(2);
    }

    @Test
    void fullQueueRefusesWithoutBlocking() {
        Session s = new Session(GCM);
        byte[] datagram = new byte[100];
        for (int i = 0; i < DtlsServerEndpoint.QUEUE_CAPACITY; i++) {
            assertThat(s.server.offer(datagram, 0, datagram.length)).isTrue();
        }
        assertThat(s.server.offer(datagram, 0, datagram.length)).isFalse();
        assertThat(s.server.offer(datagram, 0, datagram.length)).isFalse();

        s.server.close();
        assertThat(s.server.isTerminated()).isTrue();
        // Freed: even a closed endpoint with room in its queue refuses.
        assertThat(s.server.offer(datagram, 0, datagram.length)).isFalse();
        assertThat(s.listener.calls).isEmpty();
    }

    @Test
    void offerRefusesBadArgumentsInsteadOfThrowing() {
        Session s = new Session(GCM);
        byte[] b = new byte[4000];
        assertThat(s.server.offer(null, 0, 10)).isFalse();
        assertThat(s.server.offer(b, 0, 0)).isFalse();
        assertThat(s.server.offer(b, -1, 10)).isFalse();
        assertThat(s.server.offer(b, 10, -1)).isFalse();
        assertThat(s.server.offer(b, 3990, 20)).isFalse();
        assertThat(s.server.offer(b, Integer.MAX_VALUE, 10)).isFalse();
        assertThat(s.server.offer(b, 0, 1501)).as("above the receive limit").isFalse();
        assertThat(s.server.offer(b, 0, 1500)).isTrue();
    }

    @Test
    void garbageAloneEndsInAReasonedFailure() throws Exception {
        Session s = new Session(new int[] {GCM}, CLIENT_CERT.sha256Fingerprint(), Duration.ofSeconds(2));
        s.server.start();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] g = randomDatagram(random, true);
            s.server.offer(g, 0, g.length);
        }
        String reason = s.listener.awaitFailure();
        assertThat(reason).isNotBlank();
        serverThreads.assertNoThreadLeft();
        assertThat(s.listener.calls).containsExactly("failed");
    }

    @Test
    void noiseThatIsNotDtlsIsIgnoredAndTheHandshakeCompletes() throws Exception {
        Session s = new Session(GCM);
        Random random = new Random(11);
        s.server.start();
        // Noise before every client datagram: DTLS by its first byte (RFC 7983), but the version
        // field says otherwise, so the record layer must drop it silently.
        s.pipe.dropToServer = d -> {
            for (int i = 0; i < 3; i++) {
                byte[] g = randomDatagram(random, false);
                s.server.offer(g, 0, g.length);
            }
            return false;
        };
        TestDtlsClient client = client(GCM).withResendMillis(100);
        await(s.connect(client));
        assertThat(client.exportSrtpKeyingMaterial(56)).isEqualTo(s.listener.awaitCompleted().keyingMaterial());
    }

    /**
     * Garbage shaped like DTLS 1.2 epoch-0 records can legitimately stall a handshake (a random
     * record sequence number moves the unauthenticated replay window past the client's real
     * records) or kill it (a plaintext fatal alert): DTLS 1.2 has no defence against an injector
     * on the client's tuple. What we need is that it ends, with a reason, and nothing escapes.
     */
    @Test
    void recordShapedGarbageEndsWithAnOutcomeAndAReason() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Session s = new Session(new int[] {GCM}, CLIENT_CERT.sha256Fingerprint(), Duration.ofSeconds(2));
            Random random = new Random(seed);
            s.server.start();
            s.pipe.dropToServer = d -> {
                for (int i = 0; i < 3; i++) {
                    byte[] g = randomDatagram(random, true);
                    s.server.offer(g, 0, g.length);
                }
                return false;
            };
            TestDtlsClient client = client(GCM).withResendMillis(100);
            CompletableFuture<DTLSTransport> c = s.connect(client);
            Object outcome = CompletableFuture.anyOf(s.listener.completed, s.listener.failed)
                    .get(40, TimeUnit.SECONDS);
            if (outcome instanceof String reason) {
                assertThat(reason).isNotBlank();
                assertThat(s.listener.calls).containsExactly("failed");
            } else {
                RecordingListener.Completed done = (RecordingListener.Completed) outcome;
                await(c);
                assertThat(client.exportSrtpKeyingMaterial(56)).isEqualTo(done.keyingMaterial());
                assertThat(s.listener.calls).containsExactly("complete");
            }
            s.server.close();
            c.cancel(true);
        }
        serverThreads.assertNoThreadLeft();
    }

    /**
     * Sizes up to the receive limit, first byte in the DTLS range of RFC 7983 (20..63). With
     * {@code recordShaped} about half carry a well-formed DTLS 1.2 epoch-0 header; without, the
     * version field is never DTLS.
     */
    private static byte[] randomDatagram(Random random, boolean recordShaped) {
        byte[] g = new byte[1 + random.nextInt(1500)];
        random.nextBytes(g);
        g[0] = (byte) (20 + random.nextInt(4));
        if (g.length > 1 && !recordShaped && g[1] == (byte) 0xFE) {
            g[1] = 0x03;
        }
        if (g.length > 13 && recordShaped && random.nextBoolean()) {
            g[1] = (byte) 0xFE;
            g[2] = (byte) 0xFD;
            g[3] = 0;
            g[4] = 0;
            int bodyLength = g.length - 13;
            g[11] = (byte) (bodyLength >>> 8);
            g[12] = (byte) bodyLength;
        }
        return g;
    }

    @Test
    void localCloseSendsOneCloseNotifyAndEndsTheThread() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        TestDtlsClient client = client(GCM);
        DTLSTransport clientSide = await(s.connect(client));
        s.listener.awaitCompleted();
        long alertsBefore = s.pipe.serverAlertsSent();

        s.server.close();
        s.server.close();
        assertThat(s.listener.awaitClosed()).isEqualTo("closed locally");
        serverThreads.assertNoThreadLeft();
        assertThat(s.server.isTerminated()).isTrue();
        assertThat(s.pipe.serverAlertsSent() - alertsBefore).isEqualTo(1);

        // The client reads the alert and sees a close_notify.
        byte[] buf = new byte[1500];
        for (int i = 0; i < 50 && !client.closeNotifyReceived; i++) {
            clientSide.receive(buf, 0, buf.length, 100);
        }
        assertThat(client.closeNotifyReceived).isTrue();
        assertThat(s.listener.calls).containsExactly("complete", "closed");
        byte[] late = new byte[50];
        assertThat(s.server.offer(late, 0, late.length)).isFalse();
    }

    @Test
    void releaseHandsOverACloseNotifyTheClientAcceptsAndEndsTheThreadSendingNothing() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        TestDtlsClient client = client(GCM);
        DTLSTransport clientSide = await(s.connect(client));
        s.listener.awaitCompleted();
        int sentBefore = s.pipe.serverSent.size();

        s.server.release();
        s.server.release();
        byte[] closeNotify = s.listener.awaitReleased();
        serverThreads.assertNoThreadLeft();
        assertThat(s.server.isTerminated()).isTrue();
        assertThat(s.pipe.serverSent).as("the release sends nothing").hasSize(sentBefore);
        // One DTLS 1.2 alert record of epoch 1 (encrypted: 2 bytes of alert + GCM nonce and tag).
        assertThat(closeNotify).hasSize(13 + 8 + 2 + 16);
        assertThat(closeNotify[0]).isEqualTo((byte) 21);
        assertThat(new byte[] {closeNotify[1], closeNotify[2], closeNotify[3], closeNotify[4]})
                .isEqualTo(new byte[] {(byte) 0xFE, (byte) 0xFD, 0, 1});
        // Closing afterwards sends nothing more and reports nothing: the session owns the record now.
        s.server.close();
        assertThat(s.pipe.serverSent).hasSize(sentBefore);
        assertThat(s.listener.calls).containsExactly("complete", "released");
        byte[] late = new byte[50];
        assertThat(s.server.offer(late, 0, late.length)).isFalse();

        // Sent later, the kept record is a close_notify to the client.
        s.pipe.toClient(closeNotify);
        byte[] buf = new byte[1500];
        for (int i = 0; i < 50 && !client.closeNotifyReceived; i++) {
            clientSide.receive(buf, 0, buf.length, 100);
        }
        assertThat(client.closeNotifyReceived).isTrue();
    }

    @Test
    void closeAfterReleaseWasAskedButBeforeItRanSendsTheCloseNotifyOnce() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        TestDtlsClient client = client(GCM);
        DTLSTransport clientSide = await(s.connect(client));
        s.listener.awaitCompleted();
        long alertsBefore = s.pipe.serverAlertsSent();

        // Whichever the thread sees first, exactly one close_notify leaves: sent by it (onClosed),
        // or handed over (onReleased) for the owner to send.
        s.server.release();
        s.server.close();
        String outcome = CompletableFuture.anyOf(s.listener.closed, s.listener.released).get(30, TimeUnit.SECONDS)
                instanceof byte[] ? "released" : "closed";
        serverThreads.assertNoThreadLeft();
        if (outcome.equals("released")) {
            assertThat(s.pipe.serverAlertsSent() - alertsBefore).isZero();
            s.pipe.toClient(s.listener.released.get());
        } else {
            assertThat(s.pipe.serverAlertsSent() - alertsBefore).isEqualTo(1);
        }
        assertThat(s.listener.calls).hasSize(2);
        byte[] buf = new byte[1500];
        for (int i = 0; i < 50 && !client.closeNotifyReceived; i++) {
            clientSide.receive(buf, 0, buf.length, 100);
        }
        assertThat(client.closeNotifyReceived).isTrue();
    }

    @Test
    void remoteCloseNotifyEndsTheEndpoint() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        DTLSTransport clientSide = await(s.connect(client(GCM)));
        s.listener.awaitCompleted();
        long alertsBefore = s.pipe.serverAlertsSent();

        clientSide.close();
        assertThat(s.listener.awaitClosed()).isEqualTo("close_notify received");
        serverThreads.assertNoThreadLeft();
        assertThat(s.pipe.serverAlertsSent() - alertsBefore).as("our close_notify in reply").isEqualTo(1);
        assertThat(s.listener.calls).containsExactly("complete", "closed");
    }

    @Test
    void applicationDataAfterTheHandshakeIsDiscarded() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        DTLSTransport clientSide = await(s.connect(client(GCM)));
        s.listener.awaitCompleted();

        byte[] data = "not a data channel".getBytes();
        clientSide.send(data, 0, data.length);
        clientSide.close();
        assertThat(s.listener.awaitClosed()).isEqualTo("close_notify received");
    }

    @Test
    void closeDuringTheHandshakeReportsFailureAndEndsTheThread() throws Exception {
        Session s = new Session(GCM);
        s.pipe.dropToClient = d -> true;
        s.server.start();
        s.connect(client(GCM).withResendMillis(100));
        // Wait until the server is demonstrably mid-handshake.
        for (int i = 0; i < 200 && s.pipe.serverSent.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(s.pipe.serverSent).isNotEmpty();

        s.server.close();
        assertThat(s.listener.awaitFailure()).isEqualTo("closed before handshake completed");
        serverThreads.assertNoThreadLeft();
        assertThat(s.listener.calls).containsExactly("failed");
    }

    @Test
    void executorShutdownEndsAnEstablishedEndpoint() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        await(s.connect(client(GCM)));
        s.listener.awaitCompleted();

        serverThreads.close();
        assertThat(s.listener.awaitClosed()).isEqualTo("interrupted");
        serverThreads.assertNoThreadLeft();
        assertThat(s.server.isTerminated()).isTrue();
    }

    @Test
    void closeBeforeStartReportsNothingAndStartIsThenANoOp() throws Exception {
        Session s = new Session(GCM);
        s.server.close();
        s.server.start();
        assertThat(s.server.isTerminated()).isTrue();
        assertThat(serverThreads.threads).isEmpty();
        assertThat(s.listener.calls).isEmpty();
        assertThatThrownBy(s.server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clientHelloQueuedBeforeStartIsServed() throws Exception {
        Session s = new Session(GCM);
        TestDtlsClient client = client(GCM);
        CompletableFuture<DTLSTransport> c = s.connect(client);
        for (int i = 0; i < 500 && s.pipe.deliveredToServer.get() == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(s.pipe.deliveredToServer.get()).isPositive();
        s.server.start();
        await(c);
        assertThat(client.exportSrtpKeyingMaterial(56)).isEqualTo(s.listener.awaitCompleted().keyingMaterial());
    }

    @Test
    void rotationAffectsOnlyNewSessions() throws Exception {
        DtlsCertificate rotated = DtlsCertificate.generate(Duration.ofDays(30));
        Session old = new Session(GCM);
        DtlsServerEndpoint fresh = new DtlsServerEndpoint(rotated, new int[] {GCM},
                CLIENT_CERT.sha256Fingerprint(), old.pipe.serverSink(), old.listener, TIMEOUT, serverThreads,
                DtlsTestPipe.MTU);
        endpoints.add(fresh);
        old.server.start();
        TestDtlsClient client = client(GCM);
        await(old.connect(client));
        assertThat(client.serverFingerprint).isEqualTo(SERVER_CERT.sha256Fingerprint());
        assertThat(old.server.certificate()).isSameAs(SERVER_CERT);
        assertThat(fresh.certificate()).isSameAs(rotated);
        assertThat(rotated.sha256Fingerprint()).isNotEqualTo(SERVER_CERT.sha256Fingerprint());
    }

    @Test
    void constructorRejectsBadConfiguration() {
        String fp = CLIENT_CERT.sha256Fingerprint();
        DtlsOutboundSink sink = (b, o, l) -> { };
        RecordingListener l = new RecordingListener();
        assertThatThrownBy(() -> new DtlsServerEndpoint(SERVER_CERT, new int[0], fp, sink, l, TIMEOUT,
                serverThreads, 1200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtlsServerEndpoint(SERVER_CERT, new int[] {0x0005}, fp, sink, l, TIMEOUT,
                serverThreads, 1200)).hasMessageContaining("0x5");
        assertThatThrownBy(() -> new DtlsServerEndpoint(SERVER_CERT, new int[] {GCM, GCM}, fp, sink, l, TIMEOUT,
                serverThreads, 1200)).hasMessageContaining("twice");
        assertThatThrownBy(() -> new DtlsServerEndpoint(SERVER_CERT, new int[] {GCM}, "AB:CD", sink, l, TIMEOUT,
                serverThreads, 1200)).hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> new DtlsServerEndpoint(SERVER_CERT, new int[] {GCM}, fp, sink, l, Duration.ZERO,
                serverThreads, 1200)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new DtlsServerEndpoint(SERVER_CERT, new int[] {GCM}, fp, sink, l, TIMEOUT,
                serverThreads, 100)).hasMessageContaining("mtu");
    }

    @Test
    void datagramsNeverExceedTheMtu() throws Exception {
        Session s = new Session(GCM);
        s.server.start();
        await(s.connect(client(GCM)));
        s.listener.awaitCompleted();
        synchronized (s.pipe.serverSent) {
            assertThat(s.pipe.serverSent).allMatch(d -> d.length <= DtlsTestPipe.MTU);
        }
    }
}
