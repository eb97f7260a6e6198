package net.voxedge.router.front;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Mints the token the front puts on a request it forwards to an edge's internal API
 * ({@code /internal/v1/calls}): an HS256 JWT signed with the shared internal key, audience
 * {@value #AUDIENCE}, {@value #LIFETIME_SECONDS} s of life, and claims saying whom the front
 * vouches for and what the router decided. The claim names are the contract with the edge's
 * {@code net.voxedge.edge.signaling.InternalAuth} (geo-router/README.md, "Internal API").
 */
public final class InternalToken {
    public static final String AUDIENCE = "voxedge-internal";
    public static final String CLAIM_CLIENT_IP = "voxedge_client_ip";
    public static final String CLAIM_CLUSTER = "voxedge_cluster";
    public static final String CLAIM_REASON = "voxedge_reason";
    public static final String CLAIM_BACKUP_POP = "voxedge_backup_pop";
    public static final String CLAIM_BACKUP_MEDIA = "voxedge_backup_media";
    /** One forward takes milliseconds; 30 s covers clock skew between hosts (edges refuse more than 300 s). */
    static final long LIFETIME_SECONDS = 30;
    private static final int MAX_REASON_CHARS = 500;

    private final MACSigner signer;
    private final String issuer;
    private final Clock clock;

    /**
     * @param frontPop the front's own PoP name (the token's issuer says which front forwarded)
     * @throws IllegalArgumentException if the key is shorter than 32 bytes
     */
    public InternalToken(byte[] key, String frontPop, Clock clock) {
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("internal key unusable for HS256: " + e.getMessage(), e);
        }
        this.issuer = "voxedge-front:" + frontPop;
        this.clock = clock;
    }

    /**
     * A token for forwarding one client's request.
     *
     * @param backupPop   the backup PoP's name, or null
     * @param backupMedia its media addresses (empty when none)
     */
    public String mint(String subject, String clientIp, String cluster, String reason, String backupPop,
                       List<InetSocketAddress> backupMedia) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(subject).audience(AUDIENCE).issuer(issuer)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .claim(CLAIM_CLIENT_IP, clientIp);
        if (cluster != null) {
            b.claim(CLAIM_CLUSTER, cluster);
        }
        if (reason != null) {
            b.claim(CLAIM_REASON, reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS));
        }
        if (backupPop != null) {
            List<String> media = new ArrayList<>(backupMedia.size());
            for (InetSocketAddress a : backupMedia) {
                media.add(hostPort(a));
            }
            b.claim(CLAIM_BACKUP_POP, backupPop).claim(CLAIM_BACKUP_MEDIA, media);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an internal token failed", e);
        }
        return jwt.serialize();
    }

    /** {@code ip:port} or {@code [ipv6]:port}, as the topology writes media addresses. */
    static String hostPort(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
