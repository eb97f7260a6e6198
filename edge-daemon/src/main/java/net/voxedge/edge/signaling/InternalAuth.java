package net.voxedge.edge.signaling;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.voxedge.edge.config.ConfigException;
import net.voxedge.edge.config.HostPort;
import net.voxedge.edge.sdp.HostCandidate;

/**
 * Checks the tokens signaling fronts put on forwarded offers ({@code /internal/v1/calls}): HS256
 * JWTs signed with {@code internal.key}, audience {@value #AUDIENCE}, a short life, and the claims
 * below (geo-router/README.md, "Internal API", is the contract the front mints to). The front has
 * already verified the client's own token; the subject here is the one it found there.
 *
 * <p>Backup candidates get a local preference below any primary candidate (the primary's are
 * 65535 down to 65520, one per advertised address, at most 16), so a client tries the primary
 * PoP first, and foundations {@code b1, b2, ...} that no primary candidate uses.
 */
public final class InternalAuth {
    /** The audience every internal token carries and no client token may. */
    public static final String AUDIENCE = "voxedge-internal";
    public static final String CLAIM_CLIENT_IP = "voxedge_client_ip";
    public static final String CLAIM_CLUSTER = "voxedge_cluster";
    public static final String CLAIM_REASON = "voxedge_reason";
    public static final String CLAIM_BACKUP_POP = "voxedge_backup_pop";
    /** A list of {@code ip:port} / {@code [ipv6]:port} strings: the backup PoP's media addresses. */
    public static final String CLAIM_BACKUP_MEDIA = "voxedge_backup_media";
    /** Fronts mint tokens for one forward; a longer-lived one is refused, so a leaked token is soon useless. */
    public static final long MAX_LIFETIME_SECONDS = 300;
    /** Local preference of the first backup candidate; below every primary one. */
    static final int BACKUP_LOCAL_PREFERENCE = 32767;
    private static final int MAX_BACKUP_CANDIDATES = 8;
    private static final int MAX_TEXT_CLAIM = 512;

    private final MACVerifier verifier;
    private final Clock clock;

    public InternalAuth(byte[] key) {
        this(key, Clock.systemUTC());
    }

    InternalAuth(byte[] key, Clock clock) {
        try {
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("internal.key unusable for HS256: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /**
     * Checks an {@code Authorization} header of the internal API.
     *
     * @throws BearerAuth.Unauthorized with a reason fit for a 401 body
     */
    public InternalGrant grantOf(String authorization) throws BearerAuth.Unauthorized {
        JWTClaimsSet claims = BearerAuth.verifiedClaims(authorization, verifier, clock, "internal token");
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(AUDIENCE)) {
            throw new BearerAuth.Unauthorized("internal token lacks audience '" + AUDIENCE + "' (got " + aud + ")");
        }
        Instant now = clock.instant();
        long life = claims.getExpirationTime().toInstant().getEpochSecond() - now.getEpochSecond();
        if (life > MAX_LIFETIME_SECONDS + BearerAuth.LEEWAY_SECONDS) {
            throw new BearerAuth.Unauthorized("internal token lives too long (expires in " + life + " s; at most "
                    + MAX_LIFETIME_SECONDS + " s)");
        }
        String backupPop = text(claims, CLAIM_BACKUP_POP);
        List<HostCandidate> backup = backupCandidates(claims);
        return new InternalGrant(claims.getSubject(), text(claims, CLAIM_CLIENT_IP), text(claims, CLAIM_CLUSTER),
                text(claims, CLAIM_REASON), backupPop, backup);
    }

    private static String text(JWTClaimsSet claims, String name) throws BearerAuth.Unauthorized {
        try {
            String s = claims.getStringClaim(name);
            if (s != null && s.length() > MAX_TEXT_CLAIM) {
                throw new BearerAuth.Unauthorized("internal token claim " + name + " is longer than " + MAX_TEXT_CLAIM);
            }
            return s;
        } catch (ParseException e) {
            throw new BearerAuth.Unauthorized("internal token claim " + name + " must be a string");
        }
    }

    private static List<HostCandidate> backupCandidates(JWTClaimsSet claims) throws BearerAuth.Unauthorized {
        List<String> media;
        try {
            media = claims.getStringListClaim(CLAIM_BACKUP_MEDIA);
        } catch (ParseException e) {
            throw new BearerAuth.Unauthorized("internal token claim " + CLAIM_BACKUP_MEDIA + " must be a list of ip:port strings");
        }
        if (media == null) {
            return List.of();
        }
        if (media.size() > MAX_BACKUP_CANDIDATES) {
            throw new BearerAuth.Unauthorized("internal token claim " + CLAIM_BACKUP_MEDIA + " lists more than "
                    + MAX_BACKUP_CANDIDATES + " addresses");
        }
        List<HostCandidate> out = new ArrayList<>(media.size());
        for (int i = 0; i < media.size(); i++) {
            String m = media.get(i);
            HostPort hp;
            try {
                hp = HostPort.parse(m == null ? "" : m, CLAIM_BACKUP_MEDIA + "[" + i + "]");
            } catch (ConfigException e) {
                throw new BearerAuth.Unauthorized("internal token claim " + e.getMessage());
            }
            if (hp.port() == 0) {
                throw new BearerAuth.Unauthorized("internal token claim " + CLAIM_BACKUP_MEDIA + "[" + i + "] has port 0");
            }
            out.add(new HostCandidate("b" + (i + 1), hp.address().getHostAddress(), hp.port(),
                    HostCandidate.hostPriority(BACKUP_LOCAL_PREFERENCE - i)));
        }
        return out;
    }
}
