package net.voxedge.edge.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the edge daemon is told at start. Keys and defaults are documented in
 * {@code edge-daemon/README.md}; this class is the single place that reads them.
 *
 * <p>Dev mode fills in what production must configure (routing and auth keys, loopback-only plain
 * HTTP, any CORS origin) so that one command runs a working daemon on a laptop.
 */
public record EdgeConfig(
        boolean dev,
        int popId,
        String popName,
        int hostId,
        List<HostPort> mediaBind,
        List<HostPort> mediaAdvertise,
        int workers,
        TransportKind transport,
        int maxAddressesPerSession,
        int maxSessions,
        Duration consentTimeout,
        Duration connectTimeout,
        Duration stunProbeInterval,
        int[] srtpProfileIds,
        Duration dtlsHandshakeTimeout,
        Duration certificateRotation,
        Map<Integer, byte[]> routingKeys,
        int routingCurrentKeyId,
        Duration sessionMaxLifetime,
        HostPort signalingBind,
        Path tlsCertificate,
        Path tlsPrivateKey,
        List<String> corsOrigins,
        byte[] authKey,
        String mediaHandler,
        net.voxedge.edge.backbone.BackboneSettings backbone,
        net.voxedge.edge.presence.PresenceSettings presence,
        byte[] internalKey,
        net.voxedge.edge.relay.RelaySettings relay) {

    /** Netty transport choice for the media port. */
    public enum TransportKind { AUTO, IO_URING, EPOLL, NIO }

    /** IANA DTLS-SRTP protection profile ids (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public static final int SRTP_AES128_CM_HMAC_SHA1_80 = 0x0001;
    public static final int SRTP_AEAD_AES_128_GCM = 0x0007;

    private static final Map<String, Integer> SRTP_PROFILE_NAMES = Map.of(
            "AEAD_AES_128_GCM", SRTP_AEAD_AES_128_GCM,
            "AES128_CM_HMAC_SHA1_80", SRTP_AES128_CM_HMAC_SHA1_80);

    public static EdgeConfig load(ConfigSource src) {
        boolean dev = src.bool("dev", false);
        int popId = src.integer("pop.id", 1, 0, 65535);
        String popName = src.string("pop.name", dev ? "local" : null);
        if (popName == null || popName.isBlank()) {
            throw new ConfigException("pop.name is required (a short name for this PoP, e.g. fra1)");
        }
        int hostId = src.integer("host.id", 1, 0, 255);

        List<HostPort> bind = new ArrayList<>();
        for (String s : src.list("media.bind", "127.0.0.1:3478")) {
            bind.add(hostPort(src, "media.bind", s));
        }
        if (bind.isEmpty()) {
            throw src.bad("media.bind", "must list at least one ip:port");
        }
        List<HostPort> advertise = new ArrayList<>();
        for (String s : src.list("media.advertise", null)) {
            advertise.add(hostPort(src, "media.advertise", s));
        }
        if (advertise.isEmpty()) {
            for (HostPort hp : bind) {
                if (hp.address().isAnyLocalAddress()) {
                    throw src.bad("media.bind", "binds a wildcard address; set media.advertise to the public ip:port clients reach");
                }
                advertise.add(hp);
            }
        }
        int workers = src.integer("media.workers", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256);
        TransportKind transport;
        String t = src.string("media.transport", "auto").toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        try {
            transport = TransportKind.valueOf(t);
        } catch (IllegalArgumentException e) {
            throw src.bad("media.transport", "must be one of auto, io_uring, epoll, nio");
        }
        int maxAddresses = src.integer("ice.maxAddressesPerSession", 8, 1, 64);
        int maxSessions = src.integer("sessions.max", 10_000, 1, 1_000_000);
        Duration consent = Duration.ofSeconds(src.integer("ice.consentTimeoutSeconds", 30, 5, 3600));
        Duration connect = Duration.ofSeconds(src.integer("ice.connectTimeoutSeconds", 30, 2, 3600));
        Duration probe = Duration.ofSeconds(src.integer("ice.probeIntervalSeconds", 5, 0, 3600));

        List<String> profileNames = src.list("dtls.srtpProfiles", "AEAD_AES_128_GCM,AES128_CM_HMAC_SHA1_80");
        if (profileNames.isEmpty()) {
            throw src.bad("dtls.srtpProfiles", "must name at least one profile");
        }
        int[] profiles = new int[profileNames.size()];
        for (int i = 0; i < profiles.length; i++) {
            Integer id = SRTP_PROFILE_NAMES.get(profileNames.get(i).toUpperCase(java.util.Locale.ROOT));
            if (id == null) {
                throw src.bad("dtls.srtpProfiles", "names unknown profile '" + profileNames.get(i)
                        + "' (known: AEAD_AES_128_GCM, AES128_CM_HMAC_SHA1_80)");
            }
            profiles[i] = id;
        }
        Duration dtlsTimeout = Duration.ofSeconds(src.integer("dtls.handshakeTimeoutSeconds", 10, 1, 120));
        Duration rotation = Duration.ofHours(src.integer("dtls.certificateRotationHours", 24 * 7, 1, 24 * 365));

        Map<Integer, byte[]> routingKeys = new LinkedHashMap<>();
        for (String entry : src.list("routing.keys", null)) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw src.bad("routing.keys", "entries must be keyId:hexSecret");
            }
            int id;
            byte[] secret;
            try {
                id = Integer.parseInt(entry.substring(0, colon));
                secret = HexFormat.of().parseHex(entry.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw src.bad("routing.keys", "entry '" + entry.substring(0, colon) + ":…' is not keyId:hexSecret");
            }
            if (id < 0 || id > 15 || secret.length < 16) {
                throw src.bad("routing.keys", "key ids are 0..15 and secrets at least 16 bytes (32 hex digits)");
            }
            routingKeys.put(id, secret);
        }
        if (routingKeys.isEmpty()) {
            if (!dev) {
                throw new ConfigException("routing.keys is required outside dev mode: the same keys on every host "
                        + "of the network let any host verify another's routing tokens");
            }
            routingKeys.put(0, randomBytes(32));
        }
        int currentKey = src.integer("routing.currentKeyId", routingKeys.keySet().iterator().next(), 0, 15);
        if (!routingKeys.containsKey(currentKey)) {
            throw src.bad("routing.currentKeyId", "is not one of the ids in routing.keys");
        }
        Duration lifetime = Duration.ofSeconds(src.integer("sessions.maxLifetimeSeconds", 12 * 3600, 60, 7 * 24 * 3600));

        HostPort signaling = hostPort(src, "signaling.bind", src.string("signaling.bind", "127.0.0.1:8080"));
        String cert = src.string("signaling.tls.certificate", null);
        String key = src.string("signaling.tls.privateKey", null);
        if ((cert == null) != (key == null)) {
            throw new ConfigException("signaling.tls.certificate and signaling.tls.privateKey must be given together");
        }
        if (cert == null && !(dev && signaling.isLoopback())) {
            throw new ConfigException("signaling.bind=" + signaling + " (" + src.origin("signaling.bind")
                    + ") needs HTTPS: set signaling.tls.certificate and "
                    + "signaling.tls.privateKey (plain HTTP is allowed only in dev mode on a loopback address)");
        }
        List<String> origins = src.list("signaling.cors.origins", dev ? "*" : "");
        String authKeyText = src.string("auth.key", null);
        byte[] authKey;
        if (authKeyText == null) {
            if (!dev) {
                throw new ConfigException("auth.key is required outside dev mode (the HMAC key that signs bearer tokens, >= 32 bytes)");
            }
            authKey = HexFormat.of().formatHex(randomBytes(32)).getBytes(StandardCharsets.US_ASCII);
        } else {
            authKey = authKeyText.getBytes(StandardCharsets.UTF_8);
            if (authKey.length < 32) {
                throw src.bad("auth.key", "must be at least 32 bytes long");
            }
        }
        byte[] internalKey = internalKey(src, authKey);
        String handler = src.string("media.handler", "echo");
        if (!handler.equals("echo") && !handler.equals("parrot") && !handler.equals("backbone")) {
            throw src.bad("media.handler", "must be 'echo' (the client hears itself), 'parrot' (an agent in the"
                    + " edge repeats each turn; barge-in works) or 'backbone' (sessions go to inference clusters"
                    + " through the backbone tunnel; see backbone.*)");
        }
        var backbone = net.voxedge.edge.backbone.BackboneSettings.load(src, handler.equals("backbone"), dev, popId,
                hostId, System::getenv);
        return new EdgeConfig(dev, popId, popName, hostId, List.copyOf(bind), List.copyOf(advertise), workers, transport,
                maxAddresses, maxSessions, consent, connect, probe, profiles, dtlsTimeout, rotation, Map.copyOf(routingKeys), currentKey,
                lifetime, signaling, cert == null ? null : Path.of(cert), key == null ? null : Path.of(key),
                List.copyOf(origins), authKey, handler, backbone,
                net.voxedge.edge.presence.PresenceSettings.load(src, popName, hostId), internalKey,
                net.voxedge.edge.relay.RelaySettings.load(src, popId, hostId));
    }

    /**
     * {@code internal.key}: the HS256 key the signaling fronts sign forwarded offers with (the
     * internal API, {@code /internal/v1/calls}). Absent = no internal API. It must differ from
     * {@code auth.key}, so a client's token can never pass as a front's and the other way round.
     */
    private static byte[] internalKey(ConfigSource src, byte[] authKey) {
        String text = src.string("internal.key", null);
        if (text == null) {
            return null;
        }
        byte[] key = text.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw src.bad("internal.key", "must be at least 32 bytes long");
        }
        if (java.util.Arrays.equals(key, authKey)) {
            throw src.bad("internal.key", "must differ from auth.key (client tokens must never pass as a front's)");
        }
        return key;
    }

    /** True when the internal API for signaling fronts is served. */
    public boolean internalApiEnabled() {
        return internalKey != null;
    }

    /** Parses one ip:port; the error also says where the value was set. */
    private static HostPort hostPort(ConfigSource src, String key, String text) {
        try {
            return HostPort.parse(text, key);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (" + src.origin(key) + ")");
        }
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
