package net.voxedge.edge.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import net.voxedge.edge.EdgeDaemon;
import net.voxedge.edge.config.ConfigSource;
import net.voxedge.edge.config.EdgeConfig;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside dev mode signaling is HTTPS with the configured PEM certificate; plain HTTP is refused. */
class HttpsSignalingTest {

    @TempDir
    Path dir;

    @Test
    void productionModeServesTheCallsApiOverTlsWithTheConfiguredCertificate() throws Exception {
        X509Certificate cert = writeSelfSignedPem(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        EdgeConfig config = EdgeConfig.load(ConfigSource.empty()
                .with("pop.name", "tls1", "test")
                .with("media.bind", "127.0.0.1:0", "test")
                .with("media.workers", "1", "test")
                .with("signaling.bind", "127.0.0.1:0", "test")
                .with("signaling.tls.certificate", dir.resolve("tls.crt").toString(), "test")
                .with("signaling.tls.privateKey", dir.resolve("tls.key").toString(), "test")
                .with("routing.keys", "3:00112233445566778899aabbccddeeff", "test")
                .with("auth.key", "0123456789abcdef0123456789abcdef-test", "test"));
        try (EdgeDaemon daemon = EdgeDaemon.start(config)) {
            assertThat(daemon.callsUrl()).startsWith("https://127.0.0.1:");
            X509Certificate[] seen = new X509Certificate[1];
            HttpClient https = HttpClient.newBuilder().sslContext(recordingTrust(seen)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> res = https.send(HttpRequest.newBuilder(URI.create(daemon.callsUrl()))
                    .header("Authorization", "Bearer " + daemon.mintToken("tls-test", 60))
                    .header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(offer())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(201);
            assertThat(res.body()).contains("a=ice-lite");
            assertThat(seen[0]).as("the server presented the configured certificate").isEqualTo(cert);

            String plainUrl = daemon.callsUrl().replace("https://", "http://");
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(plainUrl)).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(offer())).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("plain HTTP to the TLS port gets no answer").isInstanceOf(IOException.class);
        }
    }

    private static String offer() throws IOException {
        try (InputStream in = HttpsSignalingTest.class.getResourceAsStream("/net/voxedge/edge/sdp/chrome-audio-only.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static X509Certificate writeSelfSignedPem(Path certFile, Path keyFile) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=127.0.0.1");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
                name, kp.getPublic())
                .addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                                org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        try (Writer w = Files.newBufferedWriter(certFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        }
        try (Writer w = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(kp.getPrivate(), null));
        }
        return cert;
    }

    /** Trusts whatever the server presents, remembering it so the test can check it is ours. */
    private static SSLContext recordingTrust(X509Certificate[] seen) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ctx;
    }
}
