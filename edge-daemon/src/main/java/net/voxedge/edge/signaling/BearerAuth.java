package net.voxedge.edge.signaling;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Bearer tokens are HS256 JWTs with a subject and an expiry, so an app's backend can mint them with
 * any JWT library and the shared key. A token without {@code sub} or {@code exp} is refused: every
 * call is attributable and no token lives forever. Only HS256 is accepted, so a token cannot pick
 * its own (weaker, or {@code none}) algorithm.
 */
public final class BearerAuth {
    static final long LEEWAY_SECONDS = 5;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    public BearerAuth(byte[] key) {
        this(key, Clock.systemUTC());
    }

    BearerAuth(byte[] key, Clock clock) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("auth.key unusable for HS256: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** Mints a token (dev mode prints one; tests use it). */
    public String mint(String subject, long ttlSeconds) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttlSeconds))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return jwt.serialize();
    }

    /**
     * Checks an {@code Authorization} header value and returns the token's subject.
     *
     * @throws Unauthorized with a reason fit for a 401 body
     */
    public String subjectOf(String authorization) throws Unauthorized {
        JWTClaimsSet claims = verifiedClaims(authorization, verifier, clock, "bearer token");
        List<String> aud = claims.getAudience();
        if (aud != null && aud.contains(InternalAuth.AUDIENCE)) {
            // A front's token (even if someone configured one key for both) never opens a public call.
            throw new Unauthorized("bearer token is an internal (front-to-edge) token: use /internal/v1/calls");
        }
        return claims.getSubject();
    }

    /**
     * The claims of an HS256 JWT in a {@code Bearer} header, once its algorithm, signature, expiry,
     * not-before and subject check out. Shared with {@link InternalAuth}: both APIs apply one set of
     * rules, and {@code what} names the token in the reasons.
     */
    static JWTClaimsSet verifiedClaims(String authorization, MACVerifier verifier, Clock clock, String what)
            throws Unauthorized {
        if (authorization == null || authorization.isBlank()) {
            throw new Unauthorized("missing Authorization header (expected: Bearer <token>)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("Authorization header must use the Bearer scheme");
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty() || token.length() > 4096) {
            throw new Unauthorized(what + " is empty or too long");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Unauthorized(what + " is not a well-formed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Unauthorized(what + " must be signed with HS256 (got " + jwt.getHeader().getAlgorithm() + ")");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new Unauthorized(what + " signature is not valid (forged, or signed with another key)");
            }
        } catch (JOSEException e) {
            throw new Unauthorized(what + " signature could not be checked: " + e.getMessage());
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Unauthorized(what + " has no expiry (exp claim)");
        }
        if (exp.toInstant().plusSeconds(LEEWAY_SECONDS).isBefore(now)) {
            throw new Unauthorized(what + " expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minusSeconds(LEEWAY_SECONDS).isAfter(now)) {
            throw new Unauthorized(what + " is not valid before " + nbf.toInstant());
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new Unauthorized(what + " has no subject (sub claim)");
        }
        return claims;
    }

    /** A request without a valid bearer token; the message is the 401 body. */
    public static final class Unauthorized extends Exception {
        private static final long serialVersionUID = 1L;

        Unauthorized(String reason) {
            super(reason);
        }
    }
}
