package net.voxedge.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerSdpTest {
    /** Janus 1.1.2's echotest answer to one of our offers (recorded on this machine; fingerprint shortened). */
    static final String JANUS = String.join("\r\n",
            "v=0", "o=- 1000 2 IN IP4 127.0.1.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=ice-options:trickle",
            "a=fingerprint:sha-256 84:C0:CF:8C:B0:A3:F7:CB:5E:2D:39:3F:9C:63:DF:80:79:0B:0D:07:43:D3:5C:D9:D5:55:52:A1:4F:E3:88:5A",
            "a=extmap-allow-mixed", "a=msid-semantic: WMS *", "a=ice-lite", "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 127.0.1.1", "a=sendrecv", "a=mid:0", "a=rtcp-mux", "a=ice-ufrag:oyJi", "a=ice-pwd:nTuhtSqPiZSGCjIUqHdcXE",
            "a=ice-options:trickle", "a=setup:active", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 useinbandfec=1",
            "a=msid:janus janus0", "a=ssrc:3384588152 cname:janus", "a=candidate:1 1 udp 2015363327 127.0.1.1 25659 typ host",
            "a=end-of-candidates", "");

    @Test
    void readsJanusAnswer() {
        AnswerSdp a = AnswerSdp.parse(JANUS);
        assertThat(a.error()).isNull();
        assertThat(a.ufrag()).isEqualTo("oyJi");
        assertThat(a.pwd()).isEqualTo("nTuhtSqPiZSGCjIUqHdcXE");
        assertThat(a.iceLite()).isTrue();
        assertThat(a.candidateIp()).isEqualTo("127.0.1.1");
        assertThat(a.candidatePort()).isEqualTo(25659);
        assertThat(a.setup()).isEqualTo("active");
        assertThat(a.serverIsDtlsClient()).isTrue();
        assertThat(a.fingerprintSha256()).startsWith("84:C0:CF");
    }

    @Test
    void takesTheFirstIpv4UdpHostCandidateOfComponentOne() {
        String sdp = JANUS.replace("a=candidate:1 1 udp 2015363327 127.0.1.1 25659 typ host",
                "a=candidate:9 1 tcp 1 127.0.0.9 9 typ host tcptype passive\r\na=candidate:8 2 udp 1 127.0.0.8 8 typ host\r\n"
                        + "a=candidate:7 1 udp 1 ::1 7 typ host\r\na=candidate:6 1 udp 1 127.0.0.6 6 typ srflx\r\n"
                        + "a=candidate:1 1 udp 5 127.0.0.5 5005 typ host");
        AnswerSdp a = AnswerSdp.parse(sdp);
        assertThat(a.error()).isNull();
        assertThat(a.candidateIp()).isEqualTo("127.0.0.5");
        assertThat(a.candidatePort()).isEqualTo(5005);
    }

    @Test
    void saysWhatIsMissing() {
        assertThat(AnswerSdp.parse("").error()).contains("empty");
        assertThat(AnswerSdp.parse(JANUS.replace("m=audio 9", "m=audio 0")).error()).contains("port 0");
        assertThat(AnswerSdp.parse(JANUS.replace("a=ice-pwd:", "a=x-pwd:")).error()).contains("ice-pwd");
        assertThat(AnswerSdp.parse(JANUS.replace("a=candidate:", "a=x-candidate:")).error()).contains("host candidate");
        assertThat(AnswerSdp.parse(JANUS.replace("a=fingerprint:sha-256", "a=fingerprint:sha-1")).error()).contains("sha-256");
        assertThat(AnswerSdp.parse(JANUS.replace("a=setup:active", "a=setup:actpass")).error()).contains("setup");
        assertThat(AnswerSdp.parse(JANUS.replace("m=audio", "m=video")).error()).contains("no audio");
        assertThat(AnswerSdp.parse(JANUS.replace("25659 typ", "99999 typ")).error()).contains("host candidate");
        assertThat(AnswerSdp.parse("x".repeat(AnswerSdp.MAX_LENGTH + 1)).error()).contains("larger");
    }

    @Test
    void theOfferWeSendCarriesWhatAServerNeeds() {
        String offer = OfferSdp.build(7, "ufra", "p".repeat(24), "AA:BB", "actpass", 1234, "127.0.0.1", 5000);
        assertThat(offer).contains("m=audio 5000 UDP/TLS/RTP/SAVPF 111\r\n", "a=rtpmap:111 opus/48000/2\r\n",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", "a=setup:actpass\r\n", "a=rtcp-mux\r\n",
                "a=group:BUNDLE 0\r\n", "a=mid:0\r\n", "a=fingerprint:sha-256 AA:BB\r\n", "a=ice-ufrag:ufra\r\n",
                "a=ssrc:1234 ");
    }
}
