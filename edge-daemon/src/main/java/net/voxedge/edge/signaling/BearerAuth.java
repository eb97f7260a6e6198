package net.voxedge.edge.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.core.buffer.Buffer;

/**
 * Bearer tokens are HS256 JWTs with a subject and an expiry, so an app's backend can mint them with
 * any JWT library and the shared key. A token without {@code sub} or {@code exp} is refused: every
 * call is attributable and no token lives forever.
 */
public final class BearerAuth {
    private final JWTAuth jwt;

    public BearerAuth(Vertx vertx, byte[] key) {
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(key).toString()))
                .setJWTOptions(new JWTOptions().setLeeway(5)));
    }

    /** Mints a token (dev mode prints one; tests use it). */
    public String mint(String subject, long ttlSeconds) {
        return jwt.generateToken(new JsonObject().put("sub", subject),
                new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttlSeconds)));
    }

    /**
     * Checks an {@code Authorization} header value; succeeds with the subject, fails with a reason
     * fit for a 401 body.
     */
    public Future<String> check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture("missing Authorization header (expected: Bearer <token>)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture("Authorization header must use the Bearer scheme");
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty() || token.length() > 4096) {
            return Future.failedFuture("bearer token is empty or too long");
        }
        return jwt.authenticate(new TokenCredentials(token)).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(describe(ar.cause()));
            }
            JsonObject claims = ar.result().principal();
            if (!(claims.getValue("exp") instanceof Number)) {
                return Future.failedFuture("bearer token has no expiry (exp claim)");
            }
            Object sub = claims.getValue("sub");
            if (!(sub instanceof String s) || s.isBlank()) {
                return Future.failedFuture("bearer token has no subject (sub claim)");
            }
            return Future.succeededFuture(s);
        });
    }

    private static String describe(Throwable t) {
        String m = String.valueOf(t.getMessage());
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("expired")) {
            return "bearer token expired";
        }
        if (lower.contains("signature")) {
            return "bearer token signature is not valid (forged, or signed with another key)";
        }
        if (lower.contains("not yet valid") || lower.contains("nbf") || lower.contains("iat")) {
            return "bearer token is not valid yet";
        }
        return "bearer token rejected: " + m;
    }
}
