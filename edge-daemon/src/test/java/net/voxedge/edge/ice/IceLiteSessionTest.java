package net.voxedge.edge.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.stun.ShortTermCredentialMac;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Every verdict of {@link IceLiteSession}, its address set, nomination, consent timers and ICE restart. */
class IceLiteSessionTest {
    private static final String LOCAL_UFRAG = "srvUfragTOKEN";
    private static final String LOCAL_PWD = "localPassword0123456789+/";
    private static final String REMOTE_UFRAG = "cli1";
    private static final String USERNAME = LOCAL_UFRAG + ":" + REMOTE_UFRAG;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long T0 = 1_000 * SECOND; // any origin: only differences matter

    private static final InetSocketAddress A = new InetSocketAddress("198.51.100.1", 50000);
    private static final InetSocketAddress B = new InetSocketAddress("198.51.100.2", 50001);
    private static final InetSocketAddress C = new InetSocketAddress("2001:db8::3", 50002);

    private final StunMessage req = new StunMessage();
    private IceLiteSession session = new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, null, T0);

    @Test
    void aValidCheckIsAcceptedAndItsSourceSelected() {
        assertThat(session.selectedAddress()).isNull();
        assertThat(send(check(), A, T0 + SECOND)).isEqualTo(BindingVerdict.ACCEPTED);

        assertThat(session.isKnownAddress(A)).isTrue();
        assertThat(session.isKnownAddress(new InetSocketAddress("198.51.100.1", 50000))).isTrue();
        assertThat(session.isKnownAddress(B)).isFalse();
        assertThat(session.selectedAddress()).isEqualTo(A);
        assertThat(session.isNominated()).isFalse();
        assertThat(session.addressCount()).isEqualTo(1);
        assertThat(session.lastConsentNanos()).isEqualTo(T0 + SECOND);
        assertThat(session.hasAcceptedCheck()).isTrue();
        assertThat(session.responseIntegrity()).isNotNull();
    }

    @Test
    void theFirstAcceptedAddressStaysSelectedUntilANomination() {
        send(check(), A, T0);
        assertThat(send(check(), B, T0)).isEqualTo(BindingVerdict.ACCEPTED);
        assertThat(session.selectedAddress()).isEqualTo(A);

        assertThat(send(check().nominate(), B, T0)).isEqualTo(BindingVerdict.ACCEPTED_NOMINATED);
        assertThat(session.selectedAddress()).isEqualTo(B);
        assertThat(session.isNominated()).isTrue();

        assertThat(send(check(), C, T0)).isEqualTo(BindingVerdict.ACCEPTED);
        assertThat(session.selectedAddress()).as("an un-nominated check does not move it").isEqualTo(B);
        assertThat(send(check().nominate(), C, T0)).isEqualTo(BindingVerdict.ACCEPTED_NOMINATED);
        assertThat(session.selectedAddress()).as("a later nomination moves it (NAT rebinding)").isEqualTo(C);
        assertThat(session.addressCount()).isEqualTo(3);
    }

    @Test
    void aFirstCheckThatNominatesIsSelectedAtOnce() {
        assertThat(send(check().nominate(), C, T0)).isEqualTo(BindingVerdict.ACCEPTED_NOMINATED);
        assertThat(session.selectedAddress()).isEqualTo(C);
    }

    @Test
    void aCheckWithoutARoleAttributeIsAccepted() {
        assertThat(send(check().noRole(), A, T0)).isEqualTo(BindingVerdict.ACCEPTED);
    }

    @Test
    void garbageIsMalformed() {
        byte[] junk = {(byte) 0x80, 0, 0, 0};
        assertThat(send(junk, A, T0)).isEqualTo(BindingVerdict.REJECT_MALFORMED);
        assertThat(send(new byte[20], A, T0)).isEqualTo(BindingVerdict.REJECT_MALFORMED);
    }

    @Test
    void indicationsAndResponsesAreNotBindingRequests() {
        assertThat(send(check().type(0x0011).build(), A, T0)).isEqualTo(BindingVerdict.REJECT_NOT_BINDING_REQUEST);
        assertThat(send(check().type(0x0101).build(), A, T0)).isEqualTo(BindingVerdict.REJECT_NOT_BINDING_REQUEST);
        assertThat(send(check().type(0x0003).build(), A, T0)).isEqualTo(BindingVerdict.REJECT_NOT_BINDING_REQUEST);
    }

    @Test
    void fingerprintIsRequiredAndChecked() {
        assertThat(send(check().noFingerprint(), A, T0)).isEqualTo(BindingVerdict.REJECT_NO_FINGERPRINT);
        byte[] m = check().build();
        m[m.length - 1] ^= 1;
        assertThat(send(m, A, T0)).isEqualTo(BindingVerdict.REJECT_BAD_FINGERPRINT);
    }

    @Test
    void integrityAndUsernameAreRequired() {
        assertThat(send(check().noIntegrity(), A, T0)).isEqualTo(BindingVerdict.REJECT_NO_INTEGRITY);
        assertThat(send(check().noUsername(), A, T0)).isEqualTo(BindingVerdict.REJECT_NO_USERNAME);
        assertThat(BindingVerdict.REJECT_NO_INTEGRITY.errorCode()).isEqualTo(400);
        assertThat(BindingVerdict.REJECT_NO_USERNAME.errorCode()).isEqualTo(400);
    }

    @Test
    void theUsernameMustBeOurUfragThenTheirs() {
        for (String wrong : new String[] {"otherUfrag:cli1", LOCAL_UFRAG + ":cli2", LOCAL_UFRAG + ":cli1x",
            LOCAL_UFRAG + ":", LOCAL_UFRAG, "cli1:" + LOCAL_UFRAG, LOCAL_UFRAG + "x:cli1"}) {
            assertThat(send(ClientCheck.as(wrong, LOCAL_PWD), A, T0)).as(wrong)
                    .isEqualTo(BindingVerdict.REJECT_BAD_USERNAME);
        }
        assertThat(BindingVerdict.REJECT_BAD_USERNAME.errorCode()).isEqualTo(401);
        assertThat(session.responseIntegrity()).isNull();
    }

    @Test
    void withoutAKnownRemoteUfragAnyRemotePartIsAccepted() {
        session = new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, null, null, T0);
        assertThat(send(ClientCheck.as(LOCAL_UFRAG + ":whatever", LOCAL_PWD), A, T0)).isEqualTo(BindingVerdict.ACCEPTED);
        assertThat(send(ClientCheck.as(LOCAL_UFRAG + ":", LOCAL_PWD), A, T0)).isEqualTo(BindingVerdict.REJECT_BAD_USERNAME);
        assertThat(send(ClientCheck.as("other:whatever", LOCAL_PWD), A, T0)).isEqualTo(BindingVerdict.REJECT_BAD_USERNAME);
    }

    @Test
    void aWrongPasswordFailsIntegrity() {
        assertThat(send(ClientCheck.as(USERNAME, LOCAL_PWD + "x"), A, T0)).isEqualTo(BindingVerdict.REJECT_BAD_INTEGRITY);
        assertThat(session.responseIntegrity()).isNull();
        assertThat(BindingVerdict.REJECT_BAD_INTEGRITY.authenticated()).isFalse();
    }

    @Test
    void unknownComprehensionRequiredAttributesGetA420AfterAuthentication() {
        assertThat(send(check().unknownAttribute(0x0003), A, T0)).isEqualTo(BindingVerdict.REJECT_UNKNOWN_ATTRIBUTES);
        assertThat(session.responseIntegrity()).isNotNull();
        assertThat(send(check().unknownAttribute(0xC057), A, T0)).isEqualTo(BindingVerdict.ACCEPTED);
    }

    @Test
    void priorityIsRequired() {
        assertThat(send(check().noPriority(), A, T0)).isEqualTo(BindingVerdict.REJECT_NO_PRIORITY);
    }

    @Test
    void aPeerClaimingTheControlledRoleIsARoleConflict() {
        assertThat(send(check().controlled(), A, T0)).isEqualTo(BindingVerdict.REJECT_ROLE_CONFLICT);
        assertThat(send(check().bothRoles(), A, T0)).isEqualTo(BindingVerdict.REJECT_ROLE_CONFLICT);
        assertThat(BindingVerdict.REJECT_ROLE_CONFLICT.errorCode()).isEqualTo(487);
        assertThat(session.responseIntegrity()).isNotNull();
    }

    @Test
    void theRfc5769SampleRequestIsAControlledPeerAndSoARoleConflict() {
        byte[] sample = HexFormat.of().parseHex(
                "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"
                + "002400046e0001ff80290008932ff9b151263b36000600096576746a3a6836765920202000080014"
                + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
        session = new IceLiteSession("evtj", "VOkJxbRl1RmTxUk/WvJxBt", "h6vY", null, T0);

        assertThat(send(sample, A, T0)).isEqualTo(BindingVerdict.REJECT_ROLE_CONFLICT);
    }

    @Test
    void rejectedChecksNeitherAddAddressesNorRefreshConsent() {
        send(check(), A, T0);
        long later = T0 + 10 * SECOND;
        send(check().controlled(), B, later);
        send(check().noPriority(), B, later);
        send(ClientCheck.as(USERNAME, "wrongPassword0123456789"), B, later);
        send(check().noFingerprint(), B, later);

        assertThat(session.isKnownAddress(B)).isFalse();
        assertThat(session.addressCount()).isEqualTo(1);
        assertThat(session.lastConsentNanos()).isEqualTo(T0);
    }

    @Test
    void theAddressSetIsCappedWhileEveryAddressHasConsent() {
        session = new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, null,
                new IceLiteConfig(3, 30 * SECOND, 30 * SECOND), T0);
        send(check(), addr(1), T0);
        send(check(), addr(2), T0);
        send(check(), addr(3), T0);

        assertThat(send(check(), addr(4), T0 + SECOND)).isEqualTo(BindingVerdict.REJECT_TOO_MANY_ADDRESSES);
        assertThat(session.isKnownAddress(addr(4))).isFalse();
        assertThat(session.addressCount()).isEqualTo(3);
        assertThat(send(check(), addr(2), T0 + SECOND)).as("known addresses still pass").isEqualTo(BindingVerdict.ACCEPTED);
    }

    @Test
    void aSlotWhoseAddressLostConsentIsReusedButNeverTheSelectedOne() {
        session = new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, null,
                new IceLiteConfig(3, 30 * SECOND, 30 * SECOND), T0);
        send(check(), addr(1), T0);                      // selected, then goes quiet
        send(check(), addr(2), T0 + SECOND);             // goes quiet
        send(check(), addr(3), T0 + 2 * SECOND);         // goes quiet later
        long t = T0 + 31 * SECOND;                       // 1 and 2 lost consent, 3 has not
        send(check(), addr(3), t);

        assertThat(send(check(), addr(4), t)).isEqualTo(BindingVerdict.ACCEPTED);
        assertThat(session.isKnownAddress(addr(2))).as("the stale, unselected one goes").isFalse();
        assertThat(session.isKnownAddress(addr(1))).as("the selected one stays").isTrue();
        assertThat(session.addressCount()).isEqualTo(3);
        assertThat(send(check(), addr(5), t)).isEqualTo(BindingVerdict.REJECT_TOO_MANY_ADDRESSES);
    }

    @Test
    void consentExpiresWithoutAnyCheckAfterTheInitialTimeout() {
        session = new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, null,
                new IceLiteConfig(8, 30 * SECOND, 10 * SECOND), T0);

        assertThat(session.nextDeadlineNanos()).isEqualTo(T0 + 10 * SECOND);
        assertThat(session.consentExpired(T0 + 10 * SECOND - 1)).isFalse();
        assertThat(session.consentExpired(T0 + 10 * SECOND)).isTrue();
        assertThat(session.lastConsentNanos()).isEqualTo(T0);
        assertThat(session.hasAcceptedCheck()).isFalse();
    }

    @Test
    void eachAcceptedCheckPushesTheConsentDeadline() {
        send(check(), A, T0 + 5 * SECOND);
        assertThat(session.nextDeadlineNanos()).isEqualTo(T0 + 35 * SECOND);
        assertThat(session.consentExpired(T0 + 34 * SECOND)).isFalse();

        send(check(), B, T0 + 20 * SECOND);
        assertThat(session.nextDeadlineNanos()).isEqualTo(T0 + 50 * SECOND);
        assertThat(session.consentExpired(T0 + 49 * SECOND)).isFalse();
        assertThat(session.consentExpired(T0 + 50 * SECOND)).isTrue();
    }

    @Test
    void theClockMayStartAnywhereEvenNearOverflow() {
        long origin = Long.MAX_VALUE - 5 * SECOND;
        session = new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, null, origin);
        assertThat(session.consentExpired(origin + 29 * SECOND)).isFalse();
        assertThat(session.consentExpired(origin + 30 * SECOND)).isTrue();
    }

    @Test
    void anIceRestartSwitchesCredentialsAtTheFirstCheckUnderTheNewOnes() {
        send(check().nominate(), A, T0);
        send(check(), B, T0);
        session.restart("newUfragTOKEN", "newPassword0123456789abc", "cli2", null);
        assertThat(session.restartPending()).isTrue();

        assertThat(send(check(), A, T0 + SECOND)).as("old credentials still work").isEqualTo(BindingVerdict.ACCEPTED);
        assertThat(session.addressCount()).isEqualTo(2);
        assertThat(send(ClientCheck.as("newUfragTOKEN:cli2", "wrongPassword0123456789").build(), C, T0 + SECOND))
                .isEqualTo(BindingVerdict.REJECT_BAD_INTEGRITY);
        assertThat(send(ClientCheck.as("newUfragTOKEN:cli2", "newPassword0123456789abc").controlled().build(), C,
                T0 + SECOND)).as("a rejected new check does not switch").isEqualTo(BindingVerdict.REJECT_ROLE_CONFLICT);
        assertThat(session.restartPending()).isTrue();

        assertThat(send(ClientCheck.as("newUfragTOKEN:cli2", "newPassword0123456789abc").build(), C, T0 + 2 * SECOND))
                .isEqualTo(BindingVerdict.ACCEPTED);
        assertThat(session.restartPending()).isFalse();
        assertThat(session.localUfrag()).isEqualTo("newUfragTOKEN");
        assertThat(session.remoteUfrag()).isEqualTo("cli2");
        assertThat(session.addressCount()).isEqualTo(1);
        assertThat(session.isKnownAddress(A)).isFalse();
        assertThat(session.selectedAddress()).isEqualTo(C);
        assertThat(session.isNominated()).isFalse();
        assertThat(send(check(), A, T0 + 3 * SECOND)).as("old credentials are retired")
                .isEqualTo(BindingVerdict.REJECT_BAD_USERNAME);
    }

    @Test
    void theResponseIsSignedWithThePasswordTheCheckUsed() throws Exception {
        session.restart("newUfragTOKEN", "newPassword0123456789abc", "cli2", null);
        byte[] m = ClientCheck.as("newUfragTOKEN:cli2", "newPassword0123456789abc").build();
        assertThat(send(m, A, T0)).isEqualTo(BindingVerdict.ACCEPTED);

        byte[] out = new byte[StunMessageWriter.MAX_MESSAGE_LENGTH];
        int n = new StunMessageWriter().writeBindingSuccess(out, 0, req, A.getAddress().getAddress(), A.getPort(),
                session.responseIntegrity());
        StunMessage response = new StunMessage();
        assertThat(response.parse(out, 0, n)).isEqualTo(StunParseResult.OK);
        assertThat(response.verifyMessageIntegrity(ShortTermCredentialMac.create("newPassword0123456789abc"))).isTrue();
        assertThat(response.verifyMessageIntegrity(ShortTermCredentialMac.create(LOCAL_PWD))).isFalse();
    }

    @Test
    void aReaderParsedFromOtherBytesIsReparsed() {
        byte[] first = check().tid(1).build();
        byte[] second = check().tid(2).nominate().build();
        assertThat(req.parse(first, 0, first.length)).isEqualTo(StunParseResult.OK);

        assertThat(session.onBindingRequest(req, second, 0, second.length, A, T0))
                .isEqualTo(BindingVerdict.ACCEPTED_NOMINATED);
        assertThat(req.isParsedFrom(second, 0, second.length)).isTrue();
    }

    @Test
    void credentialsMustBeIceChars() {
        assertThatThrownBy(() -> new IceLiteSession("ab", LOCAL_PWD, REMOTE_UFRAG, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteSession("abc:d", LOCAL_PWD, REMOTE_UFRAG, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteSession(LOCAL_UFRAG, "short", REMOTE_UFRAG, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, "cl i", null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteSession(LOCAL_UFRAG, LOCAL_PWD, "a".repeat(257), null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.restart(LOCAL_UFRAG, null, REMOTE_UFRAG, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteConfig(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteConfig(8, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCheckFromAKnownAddressAllocatesNothing() {
        byte[] m = check().nominate().build();
        send(m, A, T0);
        long[] now = {T0};

        double check = AllocationMeter.bytesPerCall(20_000,
                () -> session.onBindingRequest(req, m, 0, m.length, A, now[0]++));

        assertThat(check).isLessThan(1.0);
        assertThat(session.addressCount()).isEqualTo(1);
    }

    private ClientCheck check() {
        return ClientCheck.as(USERNAME, LOCAL_PWD);
    }

    private BindingVerdict send(ClientCheck c, InetSocketAddress from, long now) {
        return send(c.build(), from, now);
    }

    private BindingVerdict send(byte[] m, InetSocketAddress from, long now) {
        req.parse(m, 0, m.length);
        return session.onBindingRequest(req, m, 0, m.length, from, now);
    }

    private static InetSocketAddress addr(int i) {
        return new InetSocketAddress("203.0.113." + i, 40000 + i);
    }
}
