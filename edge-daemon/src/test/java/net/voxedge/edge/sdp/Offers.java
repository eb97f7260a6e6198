package net.voxedge.edge.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The recorded offers under src/test/resources/net/voxedge/edge/sdp. */
final class Offers {

    /**
     * Hand-written in the shape of each client's offers, except the two {@code webrtc-java-*}
     * files, which are verbatim offers of libwebrtc through webrtc-java 0.14.0.
     */
    static final List<String> ALL = List.of("chrome-audio-only.sdp", "chrome-audio-datachannel.sdp",
            "chrome-audio-video.sdp", "chrome-recvonly-trickle.sdp", "firefox-audio.sdp", "webrtc-java-audio.sdp",
            "webrtc-java-audio-datachannel.sdp", "webrtc-java-video-first.sdp");

    private Offers() {
    }

    static String load(String name) {
        try (InputStream in = Offers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A builder with every local parameter set, as the daemon would configure it. */
    static AnswerBuilder localBuilder() {
        return new AnswerBuilder()
                .iceUfrag("pop1h7+RoutingTokenAbc/9")
                .icePwd("s3cr3tPassw0rdForIceLite42")
                .fingerprint("sha-256 " + "0F:".repeat(31) + "A5")
                .addCandidate(new HostCandidate("1", "203.0.113.10", 3478, HostCandidate.hostPriority(65535)))
                .addCandidate(new HostCandidate("2", "198.51.100.77", 3478, HostCandidate.hostPriority(0)))
                .audioSsrc(1234567890L)
                .cname("voxedge-pop1")
                .sessionId(4611686018427387904L)
                .sessionVersion(1);
    }
}
