package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.voxedge.edge.metrics.CloseReason;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.EdgeFixture.Call;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.testing.StunReply;
import net.voxedge.edge.testing.UdpClient;
import org.junit.jupiter.api.Test;

/**
 * Clients that reach one session from several source addresses (Linux routes all of 127/8 to lo, so each client
 * socket binds its own loopback address), with several media loops so SO_REUSEPORT spreads those addresses over
 * different workers; plus the session's end: DELETE, consent expiry, connect timeout.
 */
class MultiAddressTest {
    private static final Duration REPLY = Duration.ofSeconds(5);
    private static final Duration PROCESSED = Duration.ofSeconds(5);
    private static final Duration SILENCE = Duration.ofMillis(100);
    /** A bound for waits on the daemon's own timers (5 s consent, 2 s connect); only a broken build reaches it. */
    private static final Duration TIMERS = Duration.ofSeconds(30);

    @Test
    void everyAddressBindsUpToTheCapAndNominationMovesTheSelectedAddress() throws Exception {
        int cap = 6;
        try (EdgeFixture edge = EdgeFixture.start("media.workers", "4", "ice.maxAddressesPerSession", String.valueOf(cap))) {
            SessionRegistry registry = edge.daemon().sessions().registry();
            Call call = edge.openCall();
            EdgeSession session = registry.byCallId(call.callId());
            List<UdpClient> clients = new ArrayList<>();
            try {
                for (int i = 1; i <= cap + 2; i++) {
                    clients.add(new UdpClient("127.0.0." + i, call.media()));
                }
                for (int i = 0; i < cap; i++) {
                    assertAccepted(clients.get(i), call, StunCheck.as(call.username(), call.password()));
                }
                EdgeFixture.await("every address bound", PROCESSED, () -> registry.boundAddresses() == cap);
                for (UdpClient c : clients.subList(0, cap)) {
                    assertThat(registry.byAddress(c.localAddress())).isSameAs(session);
                }
                // Beyond the cap: authentic, but silently refused and counted; nothing is bound.
                Map<DropReason, Double> before = edge.drops();
                for (UdpClient extra : clients.subList(cap, cap + 2)) {
                    extra.send(StunCheck.as(call.username(), call.password()).build());
                }
                EdgeFixture.await("both refusals counted", PROCESSED,
                        () -> edge.metrics().dropCount(DropReason.ICE_TOO_MANY_ADDRESSES) == 2);
                for (UdpClient extra : clients.subList(cap, cap + 2)) {
                    assertThat(extra.receive(SILENCE)).as("reply beyond the cap").isNull();
                }
                assertThat(edge.dropsSince(before)).isEqualTo(Map.of(DropReason.ICE_TOO_MANY_ADDRESSES, 2.0));
                assertThat(registry.boundAddresses()).isEqualTo(cap);

                // The first accepted address is selected until a nomination moves it; plain checks don't.
                EdgeFixture.await("the first accepted address selected", PROCESSED,
                        () -> clients.get(0).localAddress().equals(session.selected));
                assertAccepted(clients.get(2), call, StunCheck.as(call.username(), call.password()).nominate());
                EdgeFixture.await("the nominated address selected", PROCESSED,
                        () -> clients.get(2).localAddress().equals(session.selected));
                assertAccepted(clients.get(4), call, StunCheck.as(call.username(), call.password()));
                assertAccepted(clients.get(0), call, StunCheck.as(call.username(), call.password()));
                assertThat(session.selected).isEqualTo(clients.get(2).localAddress());
                assertThat(edge.metrics().dropCount(DropReason.WORKER_ERROR)).isZero();

                assertThat(edge.delete(call.location())).isEqualTo(200);
                assertEndedAndForgotten(edge, call, clients);
            } finally {
                clients.forEach(UdpClient::close);
            }
        }
    }

    /**
     * A NAT that gives a new call the public address an old, still-live call used (or a client that reuses its
     * socket): the newest session to authenticate from the address owns it, so the new call connects at once
     * instead of waiting for the old one's consent to run out.
     */
    @Test
    void anAddressMovesToTheNewestSessionThatAuthenticatesFromIt() throws Exception {
        try (EdgeFixture edge = EdgeFixture.start("media.workers", "4")) {
            SessionRegistry registry = edge.daemon().sessions().registry();
            Call old = edge.openCall();
            Call next = edge.openCall();
            try (UdpClient nat = new UdpClient("127.0.0.1", old.media())) {
                assertAccepted(nat, old, StunCheck.as(old.username(), old.password()));
                EdgeFixture.await("bound to the old call", PROCESSED,
                        () -> registry.byAddress(nat.localAddress()) == registry.byCallId(old.callId()));
                assertAccepted(nat, next, StunCheck.as(next.username(), next.password()));
                EdgeFixture.await("moved to the new call", PROCESSED,
                        () -> registry.byAddress(nat.localAddress()) == registry.byCallId(next.callId()));
                // A check that does not authenticate for the new call moves nothing back or forth.
                Map<DropReason, Double> before = edge.drops();
                nat.send(StunCheck.as(old.username(), "notTheServerPassword1234").build());
                EdgeFixture.await("the forged check counted", PROCESSED,
                        () -> edge.metrics().dropCount(DropReason.ICE_BAD_INTEGRITY) > before.get(DropReason.ICE_BAD_INTEGRITY));
                assertThat(nat.receive(SILENCE)).isNull();
                assertThat(registry.byAddress(nat.localAddress())).isSameAs(registry.byCallId(next.callId()));
                // Ending the old call must not unbind the address the new call now owns.
                assertThat(edge.delete(old.location())).isEqualTo(200);
                EdgeFixture.await("the old call released", PROCESSED, () -> registry.size() == 1);
                assertAccepted(nat, next, StunCheck.as(next.username(), next.password()));
                assertThat(registry.byAddress(nat.localAddress())).isSameAs(registry.byCallId(next.callId()));
                assertThat(registry.boundAddresses()).isEqualTo(1);
            }
        }
    }

    /**
     * Many sessions, each reached from several addresses: whichever loop reads a datagram, it reaches the
     * session's home loop. With 4 loops and 4 addresses per session, the chance that every address of every one
     * of 8 sessions hashes to its session's home loop is 4^-24, so the hand-off path is exercised for sure.
     */
    @Test
    void everyWorkerReachesEverySession() throws Exception {
        int sessions = 8;
        int perSession = 4;
        try (EdgeFixture edge = EdgeFixture.start("media.workers", "4")) {
            SessionManager manager = edge.daemon().sessions();
            SessionRegistry registry = manager.registry();
            List<MediaWorker> workers = manager.workers();
            assertThat(workers).hasSize(4);
            List<Call> calls = new ArrayList<>();
            List<List<UdpClient>> clients = new ArrayList<>();
            try {
                int sessionsHandedOff = 0;
                for (int s = 0; s < sessions; s++) {
                    Call call = edge.openCall();
                    calls.add(call);
                    List<UdpClient> mine = new ArrayList<>();
                    for (int a = 0; a < perSession; a++) {
                        mine.add(new UdpClient("127.0." + (10 + s) + "." + (1 + a), call.media()));
                    }
                    clients.add(mine);
                    long handedOffBefore = handedOff(workers);
                    for (UdpClient c : mine) {
                        assertAccepted(c, call, StunCheck.as(call.username(), call.password()));
                    }
                    // A hand-off while only this session's clients talk means one of its addresses was read by a
                    // loop other than the one that read its first check: two addresses, two workers, one session.
                    if (handedOff(workers) > handedOffBefore) {
                        sessionsHandedOff++;
                    }
                }
                assertThat(sessionsHandedOff).as("sessions whose addresses landed on more than one worker").isPositive();
                EdgeFixture.await("all addresses bound", PROCESSED, () -> registry.boundAddresses() == sessions * perSession);
                // Each loop counts its own homed sessions; poll rather than read another thread's list once.
                EdgeFixture.await("every session homed exactly once", PROCESSED,
                        () -> workers.stream().mapToInt(MediaWorker::homedCount).sum() == sessions);
                for (int s = 0; s < sessions; s++) {
                    EdgeSession session = registry.byCallId(calls.get(s).callId());
                    assertThat(workers).contains(session.home());
                    for (UdpClient c : clients.get(s)) {
                        assertThat(registry.byAddress(c.localAddress())).isSameAs(session);
                    }
                }
                // Consent refreshes from every address keep working, whichever loop each one lands on.
                for (int s = 0; s < sessions; s++) {
                    for (UdpClient c : clients.get(s)) {
                        assertAccepted(c, calls.get(s), StunCheck.as(calls.get(s).username(), calls.get(s).password()));
                    }
                }
                assertThat(edge.metrics().dropCount(DropReason.WORKER_ERROR)).isZero();
                assertThat(edge.metrics().dropCount(DropReason.HANDOFF_FAILED)).isZero();

                for (int s = 0; s < sessions; s++) {
                    assertThat(edge.delete(calls.get(s).location())).isEqualTo(200);
                }
                EdgeFixture.await("every address unbound", PROCESSED, () -> registry.boundAddresses() == 0);
                assertThat(registry.size()).isZero();
                assertThat(edge.metrics().sessionsActive()).isZero();
                EdgeFixture.await("homes released", PROCESSED, () -> workers.stream().mapToInt(MediaWorker::homedCount).sum() == 0);
            } finally {
                clients.forEach(l -> l.forEach(UdpClient::close));
            }
        }
    }

    /**
     * RFC 7675 on a lite agent: the client's checks are the consent. A session whose checks stop is closed once
     * the consent timeout passes; one whose checks continue lives on; one that never gets a valid check is closed
     * after the connect timeout, whether or not a bad check ever reached it.
     */
    @Test
    void consentExpiresWithoutChecksAndSessionsThatNeverConnectTimeOut() throws Exception {
        try (EdgeFixture edge = EdgeFixture.start("ice.consentTimeoutSeconds", "5", "ice.connectTimeoutSeconds", "2",
                "ice.maxAddressesPerSession", "2")) {
            SessionRegistry registry = edge.daemon().sessions().registry();
            Call silentLater = edge.openCall();
            Call keptAlive = edge.openCall();
            Call neverChecked = edge.openCall();
            Call onlyBadChecks = edge.openCall();
            EdgeSession expiring = registry.byCallId(silentLater.callId());
            EdgeSession alive = registry.byCallId(keptAlive.callId());
            EdgeSession unclaimed = registry.byCallId(neverChecked.callId());
            EdgeSession claimedOnly = registry.byCallId(onlyBadChecks.callId());
            try (UdpClient a = new UdpClient("127.0.0.1", silentLater.media());
                 UdpClient b = new UdpClient("127.0.0.2", keptAlive.media());
                 UdpClient bLapsed = new UdpClient("127.0.0.4", keptAlive.media());
                 UdpClient bLater = new UdpClient("127.0.0.5", keptAlive.media());
                 UdpClient c = new UdpClient("127.0.0.3", onlyBadChecks.media())) {
                assertAccepted(b, keptAlive, StunCheck.as(keptAlive.username(), keptAlive.password()));
                // A second address of the live session that checks once, before the silent session's only check.
                assertAccepted(bLapsed, keptAlive, StunCheck.as(keptAlive.username(), keptAlive.password()));
                assertAccepted(a, silentLater, StunCheck.as(silentLater.username(), silentLater.password()));
                // Routed by its token (so a loop claims the session) but not authentic: no consent, no reply.
                c.send(StunCheck.as(onlyBadChecks.username(), onlyBadChecks.password()).wrongIntegrity().build());
                EdgeFixture.await("the bad check counted", PROCESSED,
                        () -> edge.metrics().dropCount(DropReason.ICE_BAD_INTEGRITY) == 1);
                assertThat(claimedOnly.home()).isNotNull();

                EdgeFixture.await("never-checked session closed", TIMERS, unclaimed::isClosed);
                EdgeFixture.await("bad-checks-only session closed", TIMERS, claimedOnly::isClosed);
                assertThat(unclaimed.closeReason()).isEqualTo(CloseReason.CONNECT_TIMEOUT);
                assertThat(claimedOnly.closeReason()).isEqualTo(CloseReason.CONNECT_TIMEOUT);

                // Keep one session's consent fresh (browsers check every few seconds) until the other expires.
                long deadline = System.nanoTime() + TIMERS.toNanos();
                while (!expiring.isClosed() && System.nanoTime() < deadline) {
                    assertAccepted(b, keptAlive, StunCheck.as(keptAlive.username(), keptAlive.password()));
                    Thread.sleep(500);
                }
                assertThat(expiring.isClosed()).as("the silent session closed").isTrue();
                assertThat(expiring.closeReason()).isEqualTo(CloseReason.CONSENT_EXPIRED);
                assertThat(alive.isClosed()).as("the session with fresh consent").isFalse();
                assertThat(edge.metrics().sessionsClosed(CloseReason.CONSENT_EXPIRED)).isEqualTo(1);
                assertThat(edge.metrics().sessionsClosed(CloseReason.CONNECT_TIMEOUT)).isEqualTo(2);

                // Freed: only the live session and its two addresses remain.
                EdgeFixture.await("the expired session's address unbound", PROCESSED, () -> registry.boundAddresses() == 2);
                assertThat(registry.size()).isEqualTo(1);
                assertThat(registry.byAddress(a.localAddress())).isNull();

                // The live session is at its cap of 2, but bLapsed lost consent: a new address takes its slot, and
                // bLapsed's binding goes with it (else every network change would leave an entry behind).
                assertAccepted(bLater, keptAlive, StunCheck.as(keptAlive.username(), keptAlive.password()));
                EdgeFixture.await("the new address bound", PROCESSED, () -> registry.byAddress(bLater.localAddress()) == alive);
                assertThat(registry.byAddress(bLapsed.localAddress())).as("the lapsed address").isNull();
                assertThat(registry.boundAddresses()).isEqualTo(2);
                assertThat(edge.metrics().sessionsActive()).isEqualTo(1);
                assertThat(alive.isClosed()).isFalse();
                Map<DropReason, Double> before = edge.drops();
                a.send(StunCheck.as(silentLater.username(), silentLater.password()).build());
                EdgeFixture.await("the late check counted", PROCESSED,
                        () -> edge.metrics().dropCount(DropReason.SESSION_UNKNOWN) > before.get(DropReason.SESSION_UNKNOWN));
                byte[] rtp = new byte[100];
                rtp[0] = (byte) 0x80;
                rtp[1] = 111;
                bLapsed.send(rtp);
                EdgeFixture.await("media from the lapsed address counted", PROCESSED,
                        () -> edge.metrics().dropCount(DropReason.UNKNOWN_SOURCE) > before.get(DropReason.UNKNOWN_SOURCE));
                assertThat(a.receive(SILENCE)).isNull();
                assertThat(edge.dropsSince(before))
                        .isEqualTo(Map.of(DropReason.SESSION_UNKNOWN, 1.0, DropReason.UNKNOWN_SOURCE, 1.0));
                assertThat(edge.delete(silentLater.location())).as("DELETE of an expired call").isEqualTo(404);
            }
        }
    }

    private static long handedOff(List<MediaWorker> workers) {
        long n = 0;
        for (MediaWorker w : workers) {
            n += w.handedOffCount();
        }
        return n;
    }

    /** Sends a check and asserts the success response names this client's own address, signed and fingerprinted. */
    private static void assertAccepted(UdpClient client, Call call, StunCheck check) {
        StunReply reply = client.exchange(check.build(), REPLY);
        assertThat(reply.type()).as("Binding success").isEqualTo(0x0101);
        assertThat(reply.transactionId()).isEqualTo(check.transactionId());
        assertThat(reply.xorMappedAddress()).isEqualTo(client.localAddress());
        assertThat(reply.integrityValid(call.password())).isTrue();
        assertThat(reply.fingerprintValid()).isTrue();
    }

    /** After DELETE: nothing bound, and later packets from the old addresses find nothing. */
    private static void assertEndedAndForgotten(EdgeFixture edge, Call call, List<UdpClient> clients)
            throws Exception {
        SessionRegistry registry = edge.daemon().sessions().registry();
        EdgeFixture.await("every address unbound", PROCESSED, () -> registry.boundAddresses() == 0);
        assertThat(registry.size()).isZero();
        assertThat(edge.metrics().sessionsActive()).isZero();
        Map<DropReason, Double> before = edge.drops();
        UdpClient first = clients.get(0);
        first.send(StunCheck.as(call.username(), call.password()).build());
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        clients.get(1).send(rtp);
        EdgeFixture.await("both late datagrams counted", PROCESSED, () -> {
            Map<DropReason, Double> d = edge.dropsSince(before);
            return d.getOrDefault(DropReason.SESSION_UNKNOWN, 0.0) + d.getOrDefault(DropReason.UNKNOWN_SOURCE, 0.0) == 2;
        });
        assertThat(first.receive(SILENCE)).isNull();
        assertThat(clients.get(1).receive(Duration.ZERO)).isNull();
        assertThat(edge.dropsSince(before)).isEqualTo(Map.of(DropReason.SESSION_UNKNOWN, 1.0, DropReason.UNKNOWN_SOURCE, 1.0));
        assertThat(edge.delete(call.location())).as("second DELETE").isEqualTo(404);
        for (UdpClient c : clients) {
            InetSocketAddress a = c.localAddress();
            assertThat(registry.byAddress(a)).isNull();
        }
    }
}
