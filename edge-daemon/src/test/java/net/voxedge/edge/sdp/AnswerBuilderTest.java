package net.voxedge.edge.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class AnswerBuilderTest {

    private static final String LOCAL_FP = "sha-256 " + "0F:".repeat(31) + "A5";

    @Test
    void answersChromiumAudioOnlyOfferLineByLine() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-only.sdp"));
        SdpAnswer answer = Offers.localBuilder().answer(offer);
        assertThat(AnswerChecks.lines(answer.sdp())).containsExactly(
                "v=0",
                "o=- 4611686018427387904 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0",
                "a=ice-lite",
                "a=msid-semantic: WMS *",
                "m=audio 3478 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 203.0.113.10",
                "a=rtcp:3478 IN IP4 203.0.113.10",
                "a=ice-ufrag:pop1h7+RoutingTokenAbc/9",
                "a=ice-pwd:s3cr3tPassw0rdForIceLite42",
                "a=fingerprint:" + LOCAL_FP,
                "a=setup:passive",
                "a=mid:0",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=sendrecv",
                "a=msid:voxedge voxedge-audio",
                "a=rtcp-mux",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=ptime:20",
                "a=ssrc:1234567890 cname:voxedge-pop1",
                "a=candidate:1 1 udp 2130706431 203.0.113.10 3478 typ host",
                "a=candidate:2 1 udp 2113929471 198.51.100.77 3478 typ host",
                "a=end-of-candidates");

        NegotiatedAudio n = answer.audio();
        assertThat(n.mid()).isEqualTo("0");
        assertThat(n.opusPayloadType()).isEqualTo(111);
        assertThat(n.audioLevelExtId()).isEqualTo(1);
        assertThat(n.remoteIceUfrag()).isEqualTo("hT9q");
        assertThat(n.remoteIcePwd()).isEqualTo("Xq3v8mVbJ0s2Lk7PzR1dYw4N");
        assertThat(n.remoteFingerprintAlgorithm()).isEqualTo("sha-256");
        assertThat(n.remoteFingerprintHex()).isEqualTo(offer.audio().fingerprint().hex());
        assertThat(n.remoteFingerprint().digest()).hasSize(32);
        assertThat(n.remoteSsrc()).isEqualTo(2903188375L);
        assertThat(n.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(n.weSend()).isTrue();
        assertThat(n.weReceive()).isTrue();
    }

    @Test
    void rejectsDataChannelKeepingItsMidAndLeavesItOutOfBundle() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-datachannel.sdp"));
        String sdp = Offers.localBuilder().answer(offer).sdp();
        List<String> lines = AnswerChecks.lines(sdp);
        assertThat(lines).contains("a=group:BUNDLE 0");
        int m = lines.indexOf("m=application 0 UDP/DTLS/SCTP webrtc-datachannel");
        assertThat(m).isPositive();
        assertThat(lines.subList(m + 1, lines.size())).containsExactly("c=IN IP4 0.0.0.0", "a=mid:1");
        assertThat(lines.indexOf("m=audio 3478 UDP/TLS/RTP/SAVPF 111")).isLessThan(m);
    }

    @Test
    void rejectsVideoWithItsFormatsAndMid() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-video.sdp"));
        List<String> lines = AnswerChecks.lines(Offers.localBuilder().answer(offer).sdp());
        int m = lines.indexOf("m=video 0 UDP/TLS/RTP/SAVPF 96 97 98 99 45 46");
        assertThat(m).isPositive();
        assertThat(lines.subList(m + 1, lines.size())).containsExactly("c=IN IP4 0.0.0.0", "a=mid:1");
        assertThat(lines).contains("a=group:BUNDLE 0");
    }

    @Test
    void recordedLibwebrtcOfferWithVideoFirstBundlesOnlyTheAudio() throws SdpException {
        // Verbatim libwebrtc offer: video is mid 0 (the offerer-tagged section), audio mid 1 with
        // audio level on extension id 14. libwebrtc accepts this answer (checked with webrtc-java 0.14.0).
        SdpOffer offer = SdpOffer.parse(Offers.load("webrtc-java-video-first.sdp"));
        assertThat(offer.audio().index()).isEqualTo(1);
        assertThat(offer.audio().audioLevelExtId()).isEqualTo(14);
        SdpAnswer answer = Offers.localBuilder().answer(offer);
        List<String> lines = AnswerChecks.lines(answer.sdp());
        assertThat(lines).contains("a=group:BUNDLE 1", "a=extmap:14 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        int video = lines.indexOf("m=video 0 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 103 104 107 108 109 114 115 116 117 118 39 40 45 46 119 120 121");
        int audio = lines.indexOf("m=audio 3478 UDP/TLS/RTP/SAVPF 111");
        assertThat(video).isPositive().isLessThan(audio);
        assertThat(lines.subList(video + 1, audio)).containsExactly("c=IN IP4 0.0.0.0", "a=mid:0");
        assertThat(answer.audio().remoteSsrc()).isEqualTo(3432007291L);
        AnswerChecks.assertWellFormed(offer, answer);
    }

    @Test
    void rejectsExtraAudioAndOffererDisabledSections() throws SdpException {
        String chrome = Offers.load("chrome-audio-only.sdp");
        String audioSection = chrome.substring(chrome.indexOf("m=audio"));
        String offer = chrome.replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1")
                + audioSection.replace("a=mid:0", "a=mid:1").replace("2903188375", "12345")
                + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n";
        SdpOffer parsed = SdpOffer.parse(offer);
        SdpAnswer answer = Offers.localBuilder().answer(parsed);
        List<String> lines = AnswerChecks.lines(answer.sdp());
        assertThat(lines).contains("a=group:BUNDLE 0", "m=audio 0 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "a=mid:1",
                "m=video 0 UDP/TLS/RTP/SAVPF 96");
        assertThat(lines.subList(lines.indexOf("m=video 0 UDP/TLS/RTP/SAVPF 96") + 1, lines.size()))
                .as("offerer gave no mid, so none is invented").containsExactly("c=IN IP4 0.0.0.0");
        assertThat(answer.audio().remoteSsrc()).isEqualTo(2903188375L);
        AnswerChecks.assertWellFormed(parsed, answer);
    }

    @Test
    void recvonlyOfferGetsSendonlyAnswerWithSsrcAndMsid() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-recvonly-trickle.sdp"));
        SdpAnswer answer = Offers.localBuilder().answer(offer);
        assertThat(AnswerChecks.lines(answer.sdp())).contains("a=sendonly", "a=msid:voxedge voxedge-audio",
                "a=ssrc:1234567890 cname:voxedge-pop1");
        assertThat(answer.audio().direction()).isEqualTo(Direction.SENDONLY);
        assertThat(answer.audio().remoteSsrc()).isEqualTo(-1);
        assertThat(answer.audio().weReceive()).isFalse();
    }

    @Test
    void sendonlyOfferGetsRecvonlyAnswerWithoutATrack() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-only.sdp").replace("a=sendrecv", "a=sendonly"));
        List<String> lines = AnswerChecks.lines(Offers.localBuilder().answer(offer).sdp());
        assertThat(lines).contains("a=recvonly");
        assertThat(lines).noneMatch(l -> l.startsWith("a=ssrc:") || l.startsWith("a=msid:"));

        SdpOffer inactive = SdpOffer.parse(Offers.load("chrome-audio-only.sdp").replace("a=sendrecv", "a=inactive"));
        assertThat(AnswerChecks.lines(Offers.localBuilder().answer(inactive).sdp())).contains("a=inactive");
    }

    @Test
    void firefoxOfferIsAnsweredWithItsPayloadTypeAndMid() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("firefox-audio.sdp"));
        SdpAnswer answer = Offers.localBuilder().answer(offer);
        assertThat(AnswerChecks.lines(answer.sdp())).contains("m=audio 3478 UDP/TLS/RTP/SAVPF 109",
                "a=rtpmap:109 opus/48000/2", "a=fmtp:109 minptime=10;useinbandfec=1", "a=mid:0", "a=group:BUNDLE 0");
        assertThat(answer.audio().remoteIceUfrag()).isEqualTo("5f1c8a2e");
        AnswerChecks.assertWellFormed(offer, answer);
    }

    @Test
    void noAudioLevelLineWhenNotOffered() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-only.sdp")
                .replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n", ""));
        SdpAnswer answer = Offers.localBuilder().answer(offer);
        assertThat(answer.sdp()).doesNotContain("a=extmap");
        assertThat(answer.audio().audioLevelExtId()).isEqualTo(-1);
    }

    @Test
    void ipv6PrimaryCandidateUsesIp6AddressType() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("webrtc-java-audio.sdp"));
        AnswerBuilder b = Offers.localBuilder();
        AnswerBuilder v6 = new AnswerBuilder().iceUfrag("abcd").icePwd("a".repeat(22)).fingerprint(LOCAL_FP)
                .addCandidate(new HostCandidate("7", "2001:db8::10", 40000, 2130706431L))
                .addCandidate(new HostCandidate("8", "203.0.113.10", 40000, 2130706175L))
                .audioSsrc(0).cname("c").sessionId(0);
        List<String> lines = AnswerChecks.lines(v6.answer(offer).sdp());
        assertThat(lines).contains("m=audio 40000 UDP/TLS/RTP/SAVPF 111", "c=IN IP6 2001:db8::10",
                "a=rtcp:40000 IN IP6 2001:db8::10", "a=candidate:7 1 udp 2130706431 2001:db8::10 40000 typ host",
                "a=candidate:8 1 udp 2130706175 203.0.113.10 40000 typ host", "a=group:BUNDLE audio", "a=mid:audio",
                "o=- 0 1 IN IP4 127.0.0.1", "a=ssrc:0 cname:c");
        AnswerChecks.assertWellFormed(offer, b.answer(offer));
    }

    @Test
    void everyRecordedOfferGetsAWellFormedAnswer() throws SdpException {
        for (String name : Offers.ALL) {
            SdpOffer offer = SdpOffer.parse(Offers.load(name));
            AnswerChecks.assertWellFormed(offer, Offers.localBuilder().answer(offer));
        }
    }

    @Test
    void refusesToAnswerWithoutLocalParameters() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-only.sdp"));
        assertThatThrownBy(() -> new AnswerBuilder().answer(offer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("answer needs iceUfrag, icePwd, fingerprint, a candidate, audioSsrc, cname, sessionId");
    }

    static final List<Runnable> BAD_SETTINGS = List.of(
            () -> new AnswerBuilder().iceUfrag("abc"),
            () -> new AnswerBuilder().iceUfrag("abc:d"),
            () -> new AnswerBuilder().icePwd("tooshort"),
            () -> new AnswerBuilder().fingerprint("md5 " + "AB:".repeat(15) + "CD"),
            () -> new AnswerBuilder().fingerprint("sha-256 AB"),
            () -> new AnswerBuilder().fingerprint((Fingerprint) null),
            () -> new AnswerBuilder().audioSsrc(-2),
            () -> new AnswerBuilder().audioSsrc(1L << 32),
            () -> new AnswerBuilder().cname("has space"),
            () -> new AnswerBuilder().cname(""),
            () -> new AnswerBuilder().msid("a b", "c"),
            () -> new AnswerBuilder().sessionId(-1),
            () -> new AnswerBuilder().sessionVersion(-1),
            () -> new AnswerBuilder().addCandidate(null),
            () -> new HostCandidate("1", "example.com", 1, 1),
            () -> new HostCandidate("1", "fe80::1%eth0", 1, 1),
            () -> new HostCandidate("1", "[2001:db8::1]", 1, 1),
            () -> new HostCandidate("1", "203.0.113.256", 1, 1),
            () -> new HostCandidate("1 2", "203.0.113.1", 1, 1),
            () -> new HostCandidate("1", "203.0.113.1", 0, 1),
            () -> new HostCandidate("1", "203.0.113.1", 1, 0),
            () -> new HostCandidate("1", "203.0.113.1", 1, 1L << 32),
            () -> HostCandidate.hostPriority(65536));

    @ParameterizedTest
    @FieldSource("BAD_SETTINGS")
    void invalidLocalParametersAreRefusedAtOnce(Runnable setting) {
        assertThatThrownBy(setting::run).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostPriorityFollowsRfc8445() {
        assertThat(HostCandidate.hostPriority(65535)).isEqualTo(2130706431L);
        assertThat(HostCandidate.hostPriority(0)).isEqualTo((126L << 24) + 255);
    }

    @Test
    void directionAnswersMirrorTheOffer() {
        assertThat(Direction.SENDRECV.answer()).isEqualTo(Direction.SENDRECV);
        assertThat(Direction.SENDONLY.answer()).isEqualTo(Direction.RECVONLY);
        assertThat(Direction.RECVONLY.answer()).isEqualTo(Direction.SENDONLY);
        assertThat(Direction.INACTIVE.answer()).isEqualTo(Direction.INACTIVE);
    }
}
