package net.voxedge.router.front;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks a client's {@code Authorization: Bearer} token at the front, by the edges' own rules
 * (edge-daemon/README.md): an HS256 JWT signed with the clients' key, with a subject ({@code sub})
 * and an expiry ({@code exp}); 5 s of clock leeway; any other algorithm, {@code none} included,
 * is refused. A front-to-edge token (audience {@value InternalToken#AUDIENCE}) is refused too.
 * The front checks before forwarding so that a bad token costs no edge any work.
 */
public final class ClientAuth {
    private static final long LEEWAY_SECONDS = 5;
    private static final int MAX_TOKEN_CHARS = 4096;

    /** A token's subject, or why it was refused (exactly one is non-null). */
    public record Result(String subject, String refusal) {
        public boolean ok() {
            return subject != null;
        }
    }

    private final MACVerifier verifier;
    private final Clock clock;

    /** @throws IllegalArgumentException if the key is shorter than 32 bytes */
    public ClientAuth(byte[] key, Clock clock) {
        try {
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("client auth key unusable for HS256: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** Checks an {@code Authorization} header value (null when absent). */
    public Result check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return refuse("missing Authorization header (expected: Bearer <token>)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse("Authorization header must use the Bearer scheme");
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return refuse("bearer token is empty or too long");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return refuse("bearer token is not a well-formed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return refuse("bearer token must be signed with HS256 (got " + jwt.getHeader().getAlgorithm() + ")");
        }
        try {
            if (!jwt.verify(verifier)) {
                return refuse("bearer token signature is not valid (forged, or signed with another key)");
            }
        } catch (JOSEException e) {
            return refuse("bearer token signature could not be checked: " + e.getMessage());
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return refuse("bearer token has no expiry (exp claim)");
        }
        if (exp.toInstant().plusSeconds(LEEWAY_SECONDS).isBefore(now)) {
            return refuse("bearer token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minusSeconds(LEEWAY_SECONDS).isAfter(now)) {
            return refuse("bearer token is not valid before " + nbf.toInstant());
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            return refuse("bearer token has no subject (sub claim)");
        }
        List<String> aud = claims.getAudience();
        if (aud != null && aud.contains(InternalToken.AUDIENCE)) {
            return refuse("bearer token is an internal (front-to-edge) token");
        }
        return new Result(sub, null);
    }

    private static Result refuse(String why) {
        return new Result(null, why);
    }
}
