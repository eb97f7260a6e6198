package net.voxedge.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.voxedge.edge.metrics.DropReason;
import net.voxedge.edge.metrics.PacketClassLabel;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.IceRoleAttribute;
import net.voxedge.edge.testing.EdgeFixture;
import net.voxedge.edge.testing.EdgeFixture.Call;
import net.voxedge.edge.testing.StunCheck;
import net.voxedge.edge.testing.StunReply;
import net.voxedge.edge.testing.UdpClient;
import net.voxedge.edge.token.RoutingKeys;
import net.voxedge.edge.token.RoutingTokenCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile datagrams against a running daemon over real UDP on loopback. The rule under test: nothing a sender
 * has not authenticated earns a reply or leaves state behind, every datagram is counted under exactly one drop
 * reason, and the daemon keeps serving the legitimate session afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
    /** XOR-MAPPED-ADDRESS (IPv4), MESSAGE-INTEGRITY and FINGERPRINT: what a success response adds to a request. */
    private static final int FIXED_RESPONSE_ATTRIBUTES = 12 + 24 + 8;
    private static final Duration PROCESSED = Duration.ofSeconds(5);
    /** How long to listen for a reply that must not come, after the daemon has counted the datagram. */
    private static final Duration SILENCE = Duration.ofMillis(50);
    private static final Duration REPLY = Duration.ofSeconds(5);
    private static final int MAX_UDP_PAYLOAD = 65_507;

    private static EdgeFixture edge;
    private static Call call;
    private static long sessionId;
    private static UdpClient hostile;
    private static long repliesExpected;

    @BeforeAll
    static void start() throws Exception {
        // No STUN probes: this class counts every datagram the daemon sends.
        edge = EdgeFixture.start("ice.probeIntervalSeconds", "0");
        call = edge.openCall();
        sessionId = registry().byCallId(call.callId()).id();
        hostile = new UdpClient("127.0.0.1", call.media());
    }

    @AfterAll
    static void stop() {
        if (hostile != null) {
            hostile.close();
        }
        if (edge != null) {
            edge.close();
        }
    }

    private static SessionRegistry registry() {
        return edge.daemon().sessions().registry();
    }

    private static double packetsOut() {
        double n = 0;
        for (PacketClassLabel c : PacketClassLabel.values()) {
            n += edge.metrics().packetsOut(c);
        }
        return n;
    }

    // ---- the cases ----

    static Stream<Arguments> unauthenticated() {
        List<Arguments> cases = new ArrayList<>();
        Random rnd = new Random(7983);
        byte[] valid = check().build();

        // STUN-shaped, not STUN, or not whole.
        add(cases, "19-byte STUN header fragment", () -> Arrays.copyOf(valid, 19), DropReason.STUN_MALFORMED);
        add(cases, "one zero byte", () -> new byte[1], DropReason.STUN_MALFORMED);
        add(cases, "valid check cut mid-attribute", () -> Arrays.copyOf(valid, valid.length - 10), DropReason.STUN_MALFORMED);
        add(cases, "header length 4 more than the datagram", () -> withLength(valid, valid.length - 20 + 4), DropReason.STUN_MALFORMED);
        add(cases, "header length not a multiple of 4", () -> withLength(valid, valid.length - 20 - 1), DropReason.STUN_MALFORMED);
        add(cases, "wrong magic cookie", () -> {
            byte[] b = valid.clone();
            b[4] ^= 1;
            return b;
        }, DropReason.STUN_MALFORMED);
        add(cases, "random bytes after a STUN-range first byte", () -> garbage(rnd, 0x01, 200), DropReason.STUN_MALFORMED);
        add(cases, "attribute length runs past the end", () -> {
            byte[] b = valid.clone();
            b[22] = 0x7F; // USERNAME length
            return b;
        }, DropReason.STUN_MALFORMED);
        add(cases, "1400-byte STUN (over 1280)", () -> stunOfLength(1400), DropReason.STUN_MALFORMED);
        add(cases, "USERNAME over 512 bytes", () -> StunCheck.as(call.ufrag() + ":" + "u".repeat(600), call.password())
                .build(), DropReason.STUN_MALFORMED);
        add(cases, "2000-byte STUN-range datagram", () -> garbage(rnd, 0x00, 2000), DropReason.OVERSIZED);
        add(cases, "64 KiB STUN-range datagram", () -> garbage(rnd, 0x00, MAX_UDP_PAYLOAD), DropReason.OVERSIZED);

        // Well-formed STUN that is not a Binding request.
        add(cases, "Binding success response", () -> check().type(0x0101).build(), DropReason.STUN_NOT_BINDING_REQUEST);
        add(cases, "Binding error response", () -> check().type(0x0111).build(), DropReason.STUN_NOT_BINDING_REQUEST);
        add(cases, "Binding indication", () -> check().type(0x0011).build(), DropReason.STUN_NOT_BINDING_REQUEST);
        add(cases, "TURN Allocate request", () -> check().type(0x0003).build(), DropReason.STUN_NOT_BINDING_REQUEST);

        // Binding requests that never reach a session: the USERNAME does not route.
        add(cases, "no USERNAME", () -> check().noUsername().build(), DropReason.STUN_NO_USERNAME);
        add(cases, "USERNAME without a colon", () -> StunCheck.as(call.ufrag(), call.password()).build(),
                DropReason.STUN_NO_USERNAME);
        add(cases, "ufrag that is not a token", () -> StunCheck.as("hT9q:abcd", call.password()).build(),
                DropReason.TOKEN_MALFORMED);
        add(cases, "32-char ufrag outside base64", () -> StunCheck.as("-".repeat(32) + ":hT9q", call.password()).build(),
                DropReason.TOKEN_MALFORMED);
        add(cases, "token with an unknown version", () -> checkWithToken(flipBit(call.ufrag(), 0, 0x80)),
                DropReason.TOKEN_MALFORMED);
        add(cases, "token with a flipped session-id bit", () -> checkWithToken(flipBit(call.ufrag(), 9, 0x04)),
                DropReason.TOKEN_BAD_MAC);
        add(cases, "token with a flipped expiry bit", () -> checkWithToken(flipBit(call.ufrag(), 15, 0x01)),
                DropReason.TOKEN_BAD_MAC);
        add(cases, "token with a flipped MAC bit", () -> checkWithToken(flipBit(call.ufrag(), 20, 0x10)),
                DropReason.TOKEN_BAD_MAC);
        add(cases, "token under key id 0 with a foreign secret",
                () -> checkWithToken(mint(RoutingKeys.of(0, "a foreign secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII)),
                        1, 1, sessionId, future())), DropReason.TOKEN_BAD_MAC);
        add(cases, "token under a key id the daemon lacks",
                () -> checkWithToken(mint(RoutingKeys.of(7, EdgeFixture.ROUTING_SECRET_0), 1, 1, sessionId, future())),
                DropReason.TOKEN_UNKNOWN_KEY);
        add(cases, "expired token", () -> checkWithToken(mint(EdgeFixture.routingKeys(), 1, 1, sessionId,
                System.currentTimeMillis() / 1000 - 60)), DropReason.TOKEN_EXPIRED);
        add(cases, "token for another PoP", () -> checkWithToken(mint(EdgeFixture.routingKeys(), 2, 1, sessionId, future())),
                DropReason.TOKEN_OTHER_HOST);
        add(cases, "token for another host", () -> checkWithToken(mint(EdgeFixture.routingKeys(), 1, 2, sessionId, future())),
                DropReason.TOKEN_OTHER_HOST);
        add(cases, "authentic token for no live session",
                () -> checkWithToken(mint(EdgeFixture.routingKeys(), 1, 1, sessionId ^ 0x5A5A, future())),
                DropReason.SESSION_UNKNOWN);

        // Routed to the live session, refused by ICE before authenticating.
        add(cases, "authentic token re-minted under key 1 for the live session",
                () -> checkWithToken(mint(EdgeFixture.routingKeys().withCurrentKey(1), 1, 1, sessionId, future())),
                DropReason.ICE_BAD_USERNAME);
        add(cases, "wrong remote ufrag", () -> StunCheck.as(call.ufrag() + ":zzzz", call.password()).build(),
                DropReason.ICE_BAD_USERNAME);
        add(cases, "wrong MESSAGE-INTEGRITY", () -> check().wrongIntegrity().build(), DropReason.ICE_BAD_INTEGRITY);
        add(cases, "MESSAGE-INTEGRITY under another password",
                () -> StunCheck.as(call.username(), "notTheServerPassword1234").build(), DropReason.ICE_BAD_INTEGRITY);
        add(cases, "no MESSAGE-INTEGRITY", () -> check().noIntegrity().build(), DropReason.ICE_NO_INTEGRITY);
        add(cases, "no FINGERPRINT", () -> check().fingerprint(StunCheck.Fingerprint.NONE).build(),
                DropReason.ICE_NO_FINGERPRINT);
        add(cases, "bad FINGERPRINT", () -> check().fingerprint(StunCheck.Fingerprint.WRONG).build(),
                DropReason.ICE_BAD_FINGERPRINT);

        // Media and DTLS from an address no session knows: the port is never a relay.
        add(cases, "RTP header cut at 8 bytes", () -> Arrays.copyOf(rtp(rnd, 40), 8), DropReason.UNKNOWN_SOURCE);
        add(cases, "forged SRTP packet", () -> rtp(rnd, 172), DropReason.UNKNOWN_SOURCE);
        add(cases, "1400-byte RTP", () -> rtp(rnd, 1400), DropReason.UNKNOWN_SOURCE);
        add(cases, "64 KiB RTP", () -> rtp(rnd, MAX_UDP_PAYLOAD), DropReason.OVERSIZED);
        add(cases, "RTCP sender report cut at 6 bytes", () -> Arrays.copyOf(rtcp(rnd, 52), 6), DropReason.UNKNOWN_SOURCE);
        add(cases, "forged SRTCP compound", () -> rtcp(rnd, 120), DropReason.UNKNOWN_SOURCE);
        add(cases, "64 KiB RTCP", () -> rtcp(rnd, MAX_UDP_PAYLOAD), DropReason.OVERSIZED);
        add(cases, "DTLS record header cut at 5 bytes", () -> Arrays.copyOf(dtls(rnd, 22, 200), 5), DropReason.UNKNOWN_SOURCE);
        add(cases, "DTLS handshake garbage", () -> dtls(rnd, 22, 300), DropReason.UNKNOWN_SOURCE);
        add(cases, "DTLS application data", () -> dtls(rnd, 23, 1200), DropReason.UNKNOWN_SOURCE);
        add(cases, "DTLS alert", () -> dtls(rnd, 21, 15), DropReason.UNKNOWN_SOURCE);
        add(cases, "64 KiB DTLS", () -> dtls(rnd, 22, MAX_UDP_PAYLOAD), DropReason.OVERSIZED);

        // Not RFC 7983 traffic at all.
        add(cases, "empty datagram", () -> new byte[0], DropReason.EMPTY);
        add(cases, "single RTP-range byte", () -> new byte[] {(byte) 0x80}, DropReason.UNKNOWN_PACKET_CLASS);
        for (int first : new int[] {4, 16, 19, 64, 79, 80, 127, 192, 255}) {
            add(cases, "first byte " + first, () -> garbage(rnd, first, 100), DropReason.UNKNOWN_PACKET_CLASS);
        }
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticated")
    void unauthenticatedInputIsDroppedSilentlyWithoutState(Supplier<byte[]> datagram, DropReason expected) {
        assertSilentDrop(hostile, datagram.get(), expected, 0);
    }

    /** Authenticated but refused checks earn an error signed with our password, never bigger than a success. */
    @Order(2)
    @Test
    void authenticatedRefusalsGetASignedErrorNoBiggerThanASuccessAndBindNothing() {
        assertSignedError(check().controlled(), 487, DropReason.ICE_ROLE_CONFLICT);
        assertSignedError(check().noPriority(), 400, DropReason.ICE_NO_PRIORITY);
        assertSignedError(check().unknownAttribute(0x0777), 420, DropReason.ICE_UNKNOWN_ATTRIBUTES);
    }

    @Order(3)
    @Test
    void theSessionStillWorksAndTheRepliesCameOnlyWhenEarned() {
        // The writer the load generator uses, not the test's own builder: the two must agree.
        byte[] tid = new byte[12];
        new Random(1).nextBytes(tid);
        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = new StunMessageWriter().writeBindingRequest(out, 0, tid, 0,
                call.username().getBytes(StandardCharsets.US_ASCII), 0x6E7F1EFFL, IceRoleAttribute.CONTROLLING,
                0x0102030405060708L, false, ShortTermCredentialMac.create(call.password()));
        byte[] request = Arrays.copyOf(out, n);

        double outBefore = packetsOut();
        hostile.send(request);
        byte[] first = hostile.receive(REPLY);
        assertThat(first).as("a reply to the valid check").isNotNull();
        StunReply reply = StunReply.of(first);
        // Any late reply to an earlier hostile datagram would have arrived before this one (same socket, same loop).
        assertThat(reply.transactionId()).as("the first datagram back answers the valid check").isEqualTo(tid);
        assertThat(reply.type()).isEqualTo(0x0101);
        assertThat(reply.xorMappedAddress()).isEqualTo(hostile.localAddress());
        assertThat(reply.integrityValid(call.password())).isTrue();
        assertThat(reply.fingerprintValid()).isTrue();
        assertThat(reply.length()).isLessThanOrEqualTo(request.length + FIXED_RESPONSE_ATTRIBUTES);
        EdgeFixture.await("the binding", PROCESSED, () -> registry().boundAddresses() == 1);
        assertThat(registry().byAddress(hostile.localAddress())).isSameAs(registry().byCallId(call.callId()));
        assertThat(packetsOut() - outBefore).isEqualTo(1);
        repliesExpected++;
        assertThat(edge.metrics().packetsOut(PacketClassLabel.STUN)).as("replies sent in the whole run")
                .isEqualTo(repliesExpected);
        assertThat(edge.metrics().dropCount(DropReason.WORKER_ERROR)).isZero();
    }

    /** The address is now bound, so its media reaches the session: without DTLS keys it must still go nowhere. */
    @Order(4)
    @Test
    void forgedMediaFromABoundAddressIsDroppedBeforeKeys() {
        Random rnd = new Random(3711);
        assertSilentDrop(hostile, rtp(rnd, 172), DropReason.RTP_BEFORE_KEYS, 1);
        assertSilentDrop(hostile, rtp(rnd, 1200), DropReason.RTP_BEFORE_KEYS, 1);
        assertSilentDrop(hostile, Arrays.copyOf(rtp(rnd, 40), 8), DropReason.RTP_BEFORE_KEYS, 1);
        assertSilentDrop(hostile, rtcp(rnd, 120), DropReason.RTP_BEFORE_KEYS, 1);
        assertSilentDrop(hostile, Arrays.copyOf(rtcp(rnd, 52), 6), DropReason.RTP_BEFORE_KEYS, 1);
        // A known address still has to authenticate every check, and one naming another ufrag is routed by its
        // token like any new address's (which is what lets a NAT hand the address to a new call).
        assertSilentDrop(hostile, check().wrongIntegrity().build(), DropReason.ICE_BAD_INTEGRITY, 1);
        assertSilentDrop(hostile, StunCheck.as(call.ufrag() + ":zzzz", call.password()).build(),
                DropReason.ICE_BAD_USERNAME, 1);
        assertSilentDrop(hostile, StunCheck.as(flipBit(call.ufrag(), 9, 0x04) + ":hT9q", call.password()).build(),
                DropReason.TOKEN_BAD_MAC, 1);
        assertSilentDrop(hostile, check().noUsername().build(), DropReason.STUN_NO_USERNAME, 1);
        assertSilentDrop(hostile, Arrays.copyOf(check().build(), 30), DropReason.STUN_MALFORMED, 1);
        // From a bound address a success response is read as the answer to an edge STUN probe; none is outstanding.
        assertSilentDrop(hostile, check().type(0x0101).build(), DropReason.STUN_RESPONSE_UNMATCHED, 1);
        assertSilentDrop(hostile, garbage(rnd, 0x80, MAX_UDP_PAYLOAD), DropReason.OVERSIZED, 1);
        assertThat(edge.metrics().dropCount(DropReason.WORKER_ERROR)).isZero();
        assertThat(registry().byCallId(call.callId()).isClosed()).isFalse();
    }

    // ---- assertions ----

    private static void assertSilentDrop(UdpClient from, byte[] datagram, DropReason expected, int boundBefore) {
        Map<DropReason, Double> before = edge.drops();
        double outBefore = packetsOut();
        int sessions = registry().size();
        from.send(datagram);
        EdgeFixture.await(expected + " counted", PROCESSED,
                () -> edge.metrics().dropCount(expected) > before.get(expected));
        assertThat(from.receive(SILENCE)).as("reply to an unauthenticated datagram").isNull();
        assertThat(edge.dropsSince(before)).as("drop counters moved").isEqualTo(Map.of(expected, 1.0));
        assertThat(packetsOut()).as("datagrams sent by the daemon").isEqualTo(outBefore);
        assertThat(registry().boundAddresses()).isEqualTo(boundBefore);
        assertThat(registry().size()).isEqualTo(sessions);
        assertThat(edge.metrics().sessionsActive()).isEqualTo(1);
    }

    private static void assertSignedError(StunCheck c, int code, DropReason expected) {
        byte[] request = c.build();
        Map<DropReason, Double> before = edge.drops();
        StunReply reply = hostile.exchange(request, REPLY);
        repliesExpected++;
        assertThat(reply.type()).isEqualTo(0x0111);
        assertThat(reply.transactionId()).isEqualTo(c.transactionId());
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.integrityValid(call.password())).isTrue();
        assertThat(reply.fingerprintValid()).isTrue();
        assertThat(reply.length()).isLessThanOrEqualTo(request.length + FIXED_RESPONSE_ATTRIBUTES);
        assertThat(edge.dropsSince(before)).isEqualTo(Map.of(expected, 1.0));
        assertThat(registry().boundAddresses()).isZero();
        assertThat(hostile.receive(SILENCE)).as("a second reply").isNull();
    }

    // ---- datagram makers ----

    private static void add(List<Arguments> cases, String name, Supplier<byte[]> datagram, DropReason reason) {
        cases.add(Arguments.of(Named.of(name, datagram), reason));
    }

    private static StunCheck check() {
        return StunCheck.as(call.username(), call.password());
    }

    private static byte[] checkWithToken(String ufrag) {
        return StunCheck.as(ufrag + ":" + EdgeFixture.OFFER_UFRAG, call.password()).build();
    }

    private static long future() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    private static String mint(RoutingKeys keys, int pop, int host, long session, long expiry) {
        return new RoutingTokenCodec(keys).mint(pop, host, session, expiry);
    }

    /** The ufrag with one bit of its decoded token flipped and re-encoded (so it stays valid base64). */
    private static String flipBit(String ufrag, int byteIndex, int mask) {
        byte[] t = Base64.getDecoder().decode(ufrag);
        t[byteIndex] ^= (byte) mask;
        return Base64.getEncoder().withoutPadding().encodeToString(t);
    }

    private static byte[] withLength(byte[] m, int length) {
        byte[] b = m.clone();
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        return b;
    }

    private static byte[] stunOfLength(int total) {
        ByteBuffer b = ByteBuffer.allocate(total).putShort((short) 1).putShort((short) (total - 20)).putInt(0x2112A442);
        return b.array();
    }

    private static byte[] garbage(Random rnd, int firstByte, int length) {
        byte[] b = new byte[length];
        rnd.nextBytes(b);
        b[0] = (byte) firstByte;
        return b;
    }

    /** An RTP header (V=2, Opus PT 111) then random "ciphertext" and a random 10-byte "auth tag". */
    private static byte[] rtp(Random rnd, int length) {
        byte[] b = garbage(rnd, 0x80, length);
        b[1] = 111;
        return b;
    }

    /** An RTCP SR header (PT 200) then random bytes, as a forged SRTCP packet looks. */
    private static byte[] rtcp(Random rnd, int length) {
        byte[] b = garbage(rnd, 0x80, length);
        b[1] = (byte) 200;
        return b;
    }

    /** A DTLS 1.2 record header of {@code contentType} and random bytes. */
    private static byte[] dtls(Random rnd, int contentType, int length) {
        byte[] b = garbage(rnd, contentType, length);
        b[1] = (byte) 0xFE;
        b[2] = (byte) 0xFD;
        return b;
    }
}
