package net.voxedge.edge.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import net.voxedge.edge.sdp.HostCandidate;
import net.voxedge.edge.testing.EdgeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The internal API a signaling front forwards offers to: its token rules, the backup candidates in
 * the answer, and that neither API takes the other's tokens.
 */
class InternalSignalingTest {
    static final String INTERNAL_KEY = "voxedge-test-internal-key-0123456789-xyz";
    private static final byte[] KEY = INTERNAL_KEY.getBytes(StandardCharsets.UTF_8);

    private static EdgeFixture edge;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeFixture.start("internal.key", INTERNAL_KEY);
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
    }

    /** The claims a front sends: client, cluster, reason, and a backup PoP with an IPv4 and an IPv6 address. */
    static JWTClaimsSet.Builder frontClaims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).audience(InternalAuth.AUDIENCE).issuer("voxedge-front:popa")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(30)))
                .claim(InternalAuth.CLAIM_CLIENT_IP, "192.0.2.7").claim(InternalAuth.CLAIM_CLUSTER, "eu-central")
                .claim(InternalAuth.CLAIM_REASON, "geography: 0 km, est 2.0 ms")
                .claim(InternalAuth.CLAIM_BACKUP_POP, "popa")
                .claim(InternalAuth.CLAIM_BACKUP_MEDIA, List.of("127.0.0.3:40000", "[::1]:40001"));
    }

    static String sign(JWTClaimsSet claims, byte[] key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> postInternal(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(edge.daemon().baseUrl() + SignalingServer.INTERNAL_CALLS_PATH))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return edge.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> deleteInternal(String location, String authorization) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(edge.daemon().baseUrl() + location))
                .header("Authorization", authorization).DELETE().build();
        return edge.http().send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aForwardedOfferIsAnsweredWithTheBackupPopsCandidatesAtALowerPriority() throws Exception {
        long started = edge.metrics().sessionsActive();
        HttpResponse<String> res = postInternal("Bearer " + sign(frontClaims("app-7").build(), KEY));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        String location = res.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/internal/v1/calls/[0-9a-f]{32}");
        assertThat(edge.metrics().sessionsActive()).isEqualTo(started + 1);

        List<long[]> primary = new ArrayList<>();
        List<String> backup = new ArrayList<>();
        long lowestPrimary = Long.MAX_VALUE;
        long highestBackup = 0;
        String[] lines = res.body().split("\r\n");
        int end = -1;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.equals("a=end-of-candidates")) {
                end = i;
            }
            if (!l.startsWith("a=candidate:")) {
                continue;
            }
            assertThat(end).as("candidates come before a=end-of-candidates").isEqualTo(-1);
            String[] f = l.substring("a=candidate:".length()).split(" ");
            long priority = Long.parseLong(f[3]);
            if (f[0].startsWith("b")) {
                backup.add(f[4] + " " + f[5]);
                highestBackup = Math.max(highestBackup, priority);
            } else {
                primary.add(new long[] {priority});
                lowestPrimary = Math.min(lowestPrimary, priority);
            }
        }
        assertThat(end).isPositive();
        assertThat(primary).isNotEmpty();
        assertThat(backup).containsExactly("127.0.0.3 40000", "0:0:0:0:0:0:0:1 40001");
        assertThat(highestBackup).isLessThan(lowestPrimary);
        assertThat(res.body()).contains("a=candidate:b1 1 udp " + HostCandidate.hostPriority(32767) + " 127.0.0.3 40000 typ host");
        // The default address stays the primary's own media port.
        int mediaPort = edge.daemon().transport().boundAddresses().get(0).getPort();
        assertThat(res.body()).contains("m=audio " + mediaPort + " ");

        // Ending it takes an internal token for the same subject.
        assertThat(deleteInternal(location, "Bearer " + sign(frontClaims("someone-else").build(), KEY)).statusCode()).isEqualTo(404);
        assertThat(deleteInternal(location, edge.bearer()).statusCode()).isEqualTo(401);
        assertThat(deleteInternal(location, "Bearer " + sign(frontClaims("app-7").build(), KEY)).statusCode()).isEqualTo(200);
        assertThat(edge.metrics().sessionsActive()).isEqualTo(started);
    }

    @Test
    void withoutABackupTheAnswerHasOnlyThePrimarysCandidates() throws Exception {
        JWTClaimsSet claims = frontClaims("app-8").claim(InternalAuth.CLAIM_BACKUP_POP, null)
                .claim(InternalAuth.CLAIM_BACKUP_MEDIA, null).build();
        HttpResponse<String> res = postInternal("Bearer " + sign(claims, KEY));
        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(res.body()).doesNotContain("a=candidate:b");
        assertThat(deleteInternal(res.headers().firstValue("Location").orElseThrow(), "Bearer " + sign(frontClaims("app-8").build(), KEY))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void badInternalTokensAreRefusedWithReasons() throws Exception {
        long active = edge.metrics().sessionsActive();
        assertRefused(null, "missing Authorization");
        Instant past = Instant.now().minusSeconds(3600);
        assertRefused(token(b -> b.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(30)))), "internal token expired");
        assertRefused(token(b -> b.audience("someone-else")), "lacks audience 'voxedge-internal'");
        assertRefused(token(b -> b.audience((String) null)), "lacks audience");
        assertRefused(token(b -> b.expirationTime(Date.from(Instant.now().plusSeconds(3600)))), "lives too long");
        assertRefused(token(b -> b.subject(null)), "no subject");
        assertRefused(token(b -> b.claim(InternalAuth.CLAIM_BACKUP_MEDIA, List.of("backup.example:3478"))),
                "voxedge_backup_media[0]", "not an IP address literal");
        assertRefused(token(b -> b.claim(InternalAuth.CLAIM_BACKUP_MEDIA, "127.0.0.3:1")), "list of ip:port");
        assertRefused(token(b -> b.claim(InternalAuth.CLAIM_BACKUP_MEDIA, java.util.Collections.nCopies(9, "127.0.0.3:1"))),
                "more than 8");
        String forged = sign(frontClaims("app").build(), KEY);
        int sig = forged.lastIndexOf('.') + 1;
        forged = forged.substring(0, sig + 2) + (forged.charAt(sig + 2) == 'A' ? 'B' : 'A') + forged.substring(sig + 3);
        assertRefused("Bearer " + forged, "internal token signature is not valid");
        assertThat(edge.metrics().sessionsActive()).isEqualTo(active);
    }

    @Test
    void neitherApiTakesTheOthersTokens() throws Exception {
        // A client's token (signed with auth.key) at the internal API: wrong key.
        assertRefused(edge.bearer(), "internal token signature is not valid");
        // A front's token at the public API: wrong key, and refused by audience even under the right key.
        HttpResponse<String> pub = edge.http().send(HttpRequest.newBuilder(URI.create(edge.daemon().callsUrl()))
                .header("Authorization", "Bearer " + sign(frontClaims("app").build(), KEY))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pub.statusCode()).isEqualTo(401);
        assertThat(pub.body()).contains("bearer token signature is not valid");
        byte[] authKey = EdgeFixture.AUTH_KEY.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new BearerAuth(authKey).subjectOf("Bearer " + sign(frontClaims("app").build(), authKey)))
                .isInstanceOf(BearerAuth.Unauthorized.class).hasMessageContaining("internal (front-to-edge) token");
    }

    @Test
    void withoutAnInternalKeyThereIsNoInternalApi() throws Exception {
        try (EdgeFixture plain = EdgeFixture.start()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(plain.daemon().baseUrl() + SignalingServer.INTERNAL_CALLS_PATH))
                    .header("Authorization", "Bearer " + sign(frontClaims("app").build(), KEY))
                    .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(EdgeFixture.offer())).build();
            assertThat(plain.http().send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void extraCandidatesGoBeforeTheEndOfCandidatesOnly() {
        HostCandidate b = new HostCandidate("b1", "127.0.0.3", 9, HostCandidate.hostPriority(1));
        String sdp = "v=0\r\na=candidate:1 1 udp 2 127.0.0.1 9 typ host\r\na=end-of-candidates\r\n";
        assertThat(AnswerCandidates.withExtra(sdp, List.of())).isSameAs(sdp);
        assertThat(AnswerCandidates.withExtra(sdp, List.of(b))).isEqualTo(
                "v=0\r\na=candidate:1 1 udp 2 127.0.0.1 9 typ host\r\na=" + b.toSdpAttribute() + "\r\na=end-of-candidates\r\n");
        assertThatThrownBy(() -> AnswerCandidates.withExtra("v=0\r\n", List.of(b))).isInstanceOf(IllegalStateException.class);
    }

    private static String token(UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        return "Bearer " + sign(edit.apply(frontClaims("app")).build(), KEY);
    }

    private static void assertRefused(String authorization, String... reasons) throws Exception {
        HttpResponse<String> res = postInternal(authorization);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(401);
        assertThat(res.body()).contains(reasons);
        assertThat(res.headers().firstValue("WWW-Authenticate")).isPresent();
    }
}
