package net.voxedge.edge.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SdpOfferTest {

    private static final String CHROME = Offers.load("chrome-audio-only.sdp");
    private static final List<String> OFFERS = Offers.ALL;

    @Test
    void chromiumAudioOnlyOffer() throws SdpException {
        SdpOffer offer = SdpOffer.parse(CHROME);
        assertThat(offer.mediaSections()).hasSize(1);
        MediaSection m = offer.mediaSections().getFirst();
        assertThat(m.kind()).isEqualTo("audio");
        assertThat(m.port()).isEqualTo(54321);
        assertThat(m.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(m.formats()).containsExactly("111", "63", "9", "0", "8", "13", "110", "126");
        assertThat(m.mid()).isEqualTo("0");
        assertThat(m.disabled()).isFalse();

        AudioOffer a = offer.audio();
        assertThat(a.index()).isZero();
        assertThat(a.mid()).isEqualTo("0");
        assertThat(a.opusPayloadType()).isEqualTo(111);
        assertThat(a.opusFmtp()).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(a.audioLevelExtId()).isEqualTo(1);
        assertThat(a.ssrcs()).containsExactly(2903188375L);
        assertThat(a.firstSsrc()).isEqualTo(2903188375L);
        assertThat(a.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(a.iceUfrag()).isEqualTo("hT9q");
        assertThat(a.icePwd()).isEqualTo("Xq3v8mVbJ0s2Lk7PzR1dYw4N");
        assertThat(a.fingerprint().algorithm()).isEqualTo("sha-256");
        assertThat(a.fingerprint().hex()).startsWith("93:90:EF:32").hasSize(32 * 3 - 1);
        assertThat(a.setup()).isEqualTo(SetupRole.ACTPASS);
        assertThat(a.iceOptions()).containsExactly("trickle");
        assertThat(a.candidates()).hasSize(3);
        assertThat(a.candidates().get(0)).isEqualTo(
                new IceCandidate("2435463217", 1, "udp", 2122260223L, "192.0.2.15", 54321, "host"));
        assertThat(a.candidates().get(1).transport()).isEqualTo("tcp");
        assertThat(a.candidates().get(2).type()).isEqualTo("srflx");
        assertThat(a.endOfCandidates()).isFalse();
    }

    @Test
    void chromiumAudioAndDataChannel() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-datachannel.sdp"));
        assertThat(offer.mediaSections()).extracting(MediaSection::kind).containsExactly("audio", "application");
        MediaSection data = offer.mediaSections().get(1);
        assertThat(data.proto()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.mid()).isEqualTo("1");
        assertThat(offer.audio().candidates()).as("trickle: none gathered yet").isEmpty();
        assertThat(offer.audio().mid()).isEqualTo("0");
    }

    @Test
    void chromiumAudioAndVideo() throws SdpException {
        SdpOffer offer = SdpOffer.parse(Offers.load("chrome-audio-video.sdp"));
        assertThat(offer.mediaSections()).extracting(MediaSection::kind).containsExactly("audio", "video");
        assertThat(offer.mediaSections().get(1).formats()).containsExactly("96", "97", "98", "99", "45", "46");
        assertThat(offer.audio().ssrcs()).as("video SSRCs are not the audio's").containsExactly(2903188375L);
    }

    @Test
    void chromiumRecvonlyWithoutSsrcOrCandidates() throws SdpException {
        AudioOffer a = SdpOffer.parse(Offers.load("chrome-recvonly-trickle.sdp")).audio();
        assertThat(a.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(a.ssrcs()).isEmpty();
        assertThat(a.firstSsrc()).isEqualTo(-1);
        assertThat(a.candidates()).isEmpty();
    }

    @Test
    void firefoxSessionLevelCredentialsAndFingerprint() throws SdpException {
        AudioOffer a = SdpOffer.parse(Offers.load("firefox-audio.sdp")).audio();
        assertThat(a.opusPayloadType()).isEqualTo(109);
        assertThat(a.opusFmtp()).isEqualTo("maxplaybackrate=48000;stereo=1;useinbandfec=1");
        assertThat(a.iceUfrag()).isEqualTo("5f1c8a2e");
        assertThat(a.icePwd()).isEqualTo("0b7e4d29a1c6f3e85d0a7b2c9e1f4a6d");
        assertThat(a.fingerprint().algorithm()).isEqualTo("sha-256");
        assertThat(a.iceOptions()).containsExactly("trickle");
        assertThat(a.audioLevelExtId()).isEqualTo(1);
        assertThat(a.ssrcs()).containsExactly(1460184953L);
        assertThat(a.endOfCandidates()).isTrue();
        assertThat(a.candidates()).extracting(IceCandidate::address)
                .containsOnly("3b9f7c2e-1d4a-4e5b-8c6d-7f8e9a0b1c2d.local");
        assertThat(a.candidates()).extracting(IceCandidate::transport).containsExactly("udp", "tcp");
    }

    @Test
    void mediaLevelOverridesSessionLevel() throws SdpException {
        String offer = Offers.load("firefox-audio.sdp").replace("a=mid:0\r\n",
                "a=mid:0\r\na=ice-ufrag:MediaUfrag\r\na=ice-pwd:MediaLevelPasswordIsLonger\r\na=fingerprint:sha-512 "
                        + "AB:".repeat(63) + "CD\r\na=setup:active\r\n");
        AudioOffer a = SdpOffer.parse(offer).audio();
        assertThat(a.iceUfrag()).isEqualTo("MediaUfrag");
        assertThat(a.icePwd()).isEqualTo("MediaLevelPasswordIsLonger");
        assertThat(a.fingerprint().algorithm()).isEqualTo("sha-512");
        assertThat(a.setup()).isEqualTo(SetupRole.ACTIVE);
    }

    @Test
    void libwebrtcNativeOfferWithLfLineEndings() throws SdpException {
        String text = Offers.load("webrtc-java-audio.sdp");
        assertThat(text).doesNotContain("\r");
        SdpOffer offer = SdpOffer.parse(text);
        AudioOffer a = offer.audio();
        assertThat(a.mid()).isEqualTo("audio");
        assertThat(a.opusPayloadType()).isEqualTo(111);
        assertThat(a.ssrcs()).containsExactly(1001L);
        assertThat(a.iceOptions()).containsExactly("trickle", "renomination");
        assertThat(a.candidates()).extracting(IceCandidate::address).containsExactly("2001:db8::42", "10.0.0.7");
    }

    @Test
    void opusIsFoundByPreferenceOrderAndCaseInsensitively() throws SdpException {
        String offer = CHROME.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 foo/48000/2")
                .replace("a=rtpmap:63 red/48000/2", "a=rtpmap:63 OPUS/48000/2");
        assertThat(SdpOffer.parse(offer).audio().opusPayloadType()).isEqualTo(63);
        assertThat(SdpOffer.parse(offer).audio().opusFmtp()).isEqualTo("111/111");
    }

    @Test
    void setupDefaultsToActiveAndDirectionToSessionLevelThenSendrecv() throws SdpException {
        AudioOffer a = SdpOffer.parse(CHROME.replace("a=setup:actpass\r\n", "").replace("a=sendrecv\r\n", "")).audio();
        assertThat(a.setup()).isEqualTo(SetupRole.ACTIVE);
        assertThat(a.direction()).isEqualTo(Direction.SENDRECV);
        String sessionSendonly = CHROME.replace("a=sendrecv\r\n", "").replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n");
        assertThat(SdpOffer.parse(sessionSendonly).audio().direction()).isEqualTo(Direction.SENDONLY);
    }

    @Test
    void firstEnabledAudioSectionIsChosen() throws SdpException {
        String disabledFirst = CHROME.replace("a=group:BUNDLE 0", "a=group:BUNDLE 1")
                .replace("m=audio 54321 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n",
                        "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:x\r\n"
                                + "m=audio 54321 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n")
                .replace("a=mid:0", "a=mid:1");
        SdpOffer offer = SdpOffer.parse(disabledFirst);
        assertThat(offer.audio().index()).isEqualTo(1);
        assertThat(offer.audio().mid()).isEqualTo("1");
        assertThat(offer.mediaSections().getFirst().disabled()).isTrue();
    }

    @Test
    void bundleOnlySectionIsNotDisabled() throws SdpException {
        String offer = CHROME.replace("m=audio 54321", "m=audio 0").replace("a=mid:0", "a=mid:0\r\na=bundle-only");
        SdpOffer parsed = SdpOffer.parse(offer);
        assertThat(parsed.mediaSections().getFirst().bundleOnly()).isTrue();
        assertThat(parsed.mediaSections().getFirst().disabled()).isFalse();
    }

    @Test
    void audioLevelWithTwoByteIdIsNotNegotiated() throws SdpException {
        String offer = CHROME.replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:15/sendrecv urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        assertThat(SdpOffer.parse(offer).audio().audioLevelExtId()).isEqualTo(-1);
        assertThat(SdpOffer.parse(CHROME.replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n", ""))
                .audio().audioLevelExtId()).isEqualTo(-1);
    }

    @Test
    void malformedCandidatesAreSkippedNotRejected() throws SdpException {
        String offer = CHROME.replace("a=ice-ufrag:hT9q", "a=candidate:garbage\r\na=candidate:1 1 udp x 1.2.3.4 5 typ host\r\na=ice-ufrag:hT9q");
        assertThat(SdpOffer.parse(offer).audio().candidates()).hasSize(3);
    }

    @Test
    void blankLinesAndMissingFinalNewlineAreTolerated() throws SdpException {
        assertThat(SdpOffer.parse(CHROME.strip()).audio().ssrcs()).containsExactly(2903188375L);
        assertThat(SdpOffer.parse(CHROME + "\r\n\r\n").audio().mid()).isEqualTo("0");
    }

    // ------------------------------------------------------------------ errors

    private static String error(String offer) {
        SdpException e = catchThrowableOfType(SdpException.class, () -> SdpOffer.parse(offer));
        assertThat(e).as("expected a rejection").isNotNull();
        return e.getMessage();
    }

    @Test
    void rejectsOffersMissingWhatWebRtcNeeds() {
        assertThat(error(CHROME.replace("a=rtcp-mux\r\n", ""))).isEqualTo("offer lacks a=rtcp-mux on the audio m-line");
        assertThat(error(CHROME.replace("a=group:BUNDLE 0\r\n", ""))).isEqualTo("offer does not BUNDLE the audio m-line (a=group:BUNDLE)");
        assertThat(error(CHROME.replace("a=group:BUNDLE 0\r\n", "a=group:LS 0\r\n"))).isEqualTo("offer does not BUNDLE the audio m-line (a=group:BUNDLE)");
        assertThat(error(CHROME.replace("a=ice-ufrag:hT9q\r\n", ""))).isEqualTo("missing a=ice-ufrag");
        assertThat(error(CHROME.replace("a=ice-pwd:Xq3v8mVbJ0s2Lk7PzR1dYw4N\r\n", ""))).isEqualTo("missing a=ice-pwd");
        assertThat(error(CHROME.replaceAll("a=fingerprint:[^\r]*\r\n", ""))).isEqualTo("missing a=fingerprint");
        assertThat(error(CHROME.replace("a=mid:0\r\n", ""))).isEqualTo("the audio m-line has no a=mid, so it cannot be BUNDLEd");
        assertThat(error(CHROME.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/48000/1")))
                .isEqualTo("audio m-line offers no Opus (rtpmap opus/48000/2)");
        assertThat(error(CHROME.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:112 opus/48000/2")))
                .as("rtpmap for a payload type not on the m-line").isEqualTo("audio m-line offers no Opus (rtpmap opus/48000/2)");
    }

    @Test
    void rejectsOffersWithoutUsableAudio() {
        String videoOnly = Offers.load("chrome-audio-video.sdp").replace("m=audio", "m=text");
        assertThat(error(videoOnly)).isEqualTo("offer has no audio m-line");
        assertThat(error(CHROME.replace("m=audio 54321", "m=audio 0"))).isEqualTo("offer's audio m-line is disabled (port 0)");
        assertThat(error("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")).startsWith("offer has no audio m-line");
    }

    @Test
    void rejectsNonWebRtcProtocols() {
        assertThat(error(CHROME.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP")))
                .isEqualTo("not a WebRTC offer: protocol RTP/AVP lacks DTLS (UDP/TLS/RTP/SAVPF)");
        assertThat(error(CHROME.replace("UDP/TLS/RTP/SAVPF", "RTP/SAVPF")))
                .isEqualTo("not a WebRTC offer: protocol RTP/SAVPF lacks DTLS (UDP/TLS/RTP/SAVPF)");
        assertThat(error(CHROME.replace("UDP/TLS/RTP/SAVPF", "TCP/DTLS/RTP/SAVPF"))).contains("UDP only");
        assertThat(error(CHROME.replace("111 63 9 0 8 13 110 126", "111 opus"))).contains("format 'opus' is not an RTP payload type");
    }

    @Test
    void rejectsUnusableDtlsParameters() {
        String md5 = CHROME.replaceAll("a=fingerprint:[^\r]*", "a=fingerprint:md5 " + "AB:".repeat(15) + "CD");
        assertThat(error(md5)).isEqualTo("fingerprint algorithm md5 not supported (use sha-256)");
        String sha1 = CHROME.replaceAll("a=fingerprint:[^\r]*", "a=fingerprint:SHA-1 " + "AB:".repeat(19) + "CD");
        assertThat(error(sha1)).isEqualTo("fingerprint algorithm sha-1 not supported (use sha-256)");
        assertThat(error(CHROME.replaceAll("a=fingerprint:[^\r]*", "a=fingerprint:sha-256 " + "AB:".repeat(19) + "CD")))
                .isEqualTo("a=fingerprint sha-256 digest has 20 bytes, expected 32");
        assertThat(error(CHROME.replaceAll("a=fingerprint:[^\r]*", "a=fingerprint:sha-256 ZZ:00")))
                .isEqualTo("a=fingerprint sha-256 digest is not colon-separated hex byte pairs");
        assertThat(error(CHROME.replaceAll("a=fingerprint:[^\r]*", "a=fingerprint:sha-256")))
                .startsWith("a=fingerprint needs an algorithm and a digest");
        assertThat(error(CHROME.replace("a=setup:actpass", "a=setup:passive"))).startsWith("a=setup:passive in an offer is not allowed");
        assertThat(error(CHROME.replace("a=setup:actpass", "a=setup:holdconn"))).startsWith("a=setup:holdconn is not supported");
        assertThat(error(CHROME.replace("a=setup:actpass", "a=setup:server"))).isEqualTo("a=setup value 'server' is not one of actpass, active, passive, holdconn");
    }

    @Test
    void fingerprintFallsBackToASupportedOne() throws SdpException {
        String both = CHROME.replace("a=fingerprint:", "a=fingerprint:sha-1 " + "AB:".repeat(19) + "CD\r\na=fingerprint:");
        assertThat(SdpOffer.parse(both).audio().fingerprint().algorithm()).isEqualTo("sha-256");
    }

    @Test
    void rejectsBadIceParameters() {
        assertThat(error(CHROME.replace("a=ice-ufrag:hT9q", "a=ice-ufrag:abc"))).startsWith("a=ice-ufrag must be 4 to 256");
        assertThat(error(CHROME.replace("a=ice-ufrag:hT9q", "a=ice-ufrag:ab:cd"))).startsWith("a=ice-ufrag must be 4 to 256");
        assertThat(error(CHROME.replace("a=ice-pwd:Xq3v8mVbJ0s2Lk7PzR1dYw4N", "a=ice-pwd:short"))).startsWith("a=ice-pwd must be 22 to 256");
        assertThat(error(CHROME.replace("t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n"))).startsWith("offer is ICE-lite too");
    }

    @Test
    void rejectsStructuralProblems() {
        String[] lines = CHROME.split("\r\n");
        lines[6] = "garbage";
        SdpException e = catchThrowableOfType(SdpException.class, () -> SdpOffer.parse(String.join("\r\n", lines)));
        assertThat(e.getMessage()).isEqualTo("line 7 is not of the form x=value: 'garbage'");
        assertThat(e.line()).isEqualTo(7);

        assertThat(error(CHROME.replace("s=-", "S=-"))).isEqualTo("line 3 is not of the form x=value: 'S=-'");
        assertThat(error(CHROME.replace("s=-", "s"))).startsWith("line 3 is not of the form x=value");
        assertThat(error(CHROME.replace("v=0", "v=1"))).isEqualTo("unsupported SDP version v='1' (expected v=0)");
        assertThat(error(CHROME.substring(CHROME.indexOf('\n') + 1))).isEqualTo("offer does not start with v=0");
        assertThat(error(CHROME.replace("s=-", "v=0"))).isEqualTo("line 3 repeats v=");
        assertThat(error(CHROME.replace("s=-", "s=\u0000"))).isEqualTo("line 3 contains a control character");
        assertThat(error(CHROME.replace("s=-", "s=a\rb"))).isEqualTo("line 3 contains a control character");
        assertThat(error(CHROME.replace("a=rtcp-rsize", "a=:x"))).contains("attribute without a name");
        assertThat(error(CHROME.replace("m=audio 54321 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF")))
                .isEqualTo("line 8: m-line needs media, port, protocol and at least one format");
        assertThat(error(CHROME.replace("m=audio 54321", "m=audio 9/2"))).isEqualTo("line 8: m-line port '9/2' is not a number 0..65535");
        assertThat(error(CHROME.replace("m=audio 54321", "m=audio 70000"))).isEqualTo("line 8: m-line port '70000' is not a number 0..65535");
        assertThat(error(CHROME.replace("UDP/TLS/RTP/SAVPF", "UDP//SAVPF"))).contains("protocol 'UDP//SAVPF' is not valid");
        assertThat(error(CHROME.replace("a=sendrecv", "a=sendrecv\r\na=recvonly"))).contains("conflicting direction attributes (a=sendrecv and a=recvonly)");
        assertThat(error(CHROME.replace("a=mid:0", "a=mid:0 1"))).contains("a=mid '0 1' is not a valid token");
        assertThat(error(CHROME.replace("a=mid:0", "a=mid:0\r\na=mid:1"))).contains("has two different a=mid lines");
        assertThat(error(CHROME.replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 7"))).isEqualTo("a=group:BUNDLE names mid '7' that no m-line has");
        assertThat(error(CHROME.replace("a=ssrc:2903188375 cname", "a=ssrc:4294967296 cname"))).contains("a=ssrc '4294967296' is not a 32-bit number");
        assertThat(error(CHROME.replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:x urn:ietf:params:rtp-hdrext:ssrc-audio-level")))
                .contains("a=extmap id 'x' for ssrc-audio-level is not a number 1..255");
        String dupMid = Offers.load("chrome-audio-video.sdp").replace("a=mid:1", "a=mid:0");
        assertThat(error(dupMid)).isEqualTo("mid '0' is used by two m-lines");
    }

    @Test
    void rejectsEmptyHugeAndTooManySections() {
        assertThat(error(null)).isEqualTo("offer is empty");
        assertThat(error("")).isEqualTo("offer is empty");
        assertThat(error("  \r\n \n")).isEqualTo("offer is empty");
        String huge = CHROME + "a=x:" + "y".repeat(SdpOffer.MAX_BYTES) + "\r\n";
        assertThat(error(huge)).isEqualTo("offer is larger than 64 KiB");
        // Multi-byte characters count as their UTF-8 size.
        String wide = CHROME + "a=x:" + "\u00e9".repeat((SdpOffer.MAX_BYTES - CHROME.length()) / 2 + 10) + "\r\n";
        assertThat(wide.length()).isLessThan(SdpOffer.MAX_BYTES);
        assertThat(error(wide)).isEqualTo("offer is larger than 64 KiB");
        String many = CHROME + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n".repeat(SdpOffer.MAX_MEDIA_SECTIONS);
        assertThat(error(many)).isEqualTo("offer has more than 64 m-lines");
    }

    @Test
    void exactlyAtTheSizeLimitIsAccepted() throws SdpException {
        String filler = "a=x:";
        int room = SdpOffer.MAX_BYTES - CHROME.length() - filler.length() - 2;
        String atLimit = CHROME + filler + "y".repeat(room) + "\r\n";
        assertThat(atLimit.length()).isEqualTo(SdpOffer.MAX_BYTES);
        assertThat(SdpOffer.parse(atLimit).audio().mid()).isEqualTo("0");
    }

    // ------------------------------------------------------------------ hostile input

    static final List<String> OFFER_NAMES = Offers.ALL;

    @ParameterizedTest
    @FieldSource("OFFER_NAMES")
    void everyTruncationIsRejectedCleanlyOrStillAnswerable(String name) {
        String offer = Offers.load(name);
        AnswerBuilder builder = Offers.localBuilder();
        for (int n = 0; n <= offer.length(); n++) {
            assertParsesOrRejects(offer.substring(0, n), builder);
        }
    }

    @ParameterizedTest
    @FieldSource("OFFER_NAMES")
    void randomMutationsAreRejectedCleanlyOrStillAnswerable(String name) {
        String offer = Offers.load(name);
        AnswerBuilder builder = Offers.localBuilder();
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        String alphabet = "=: /\r\n0123456789abcdefABCDEF-+.amvco\u00e9\u0000\t";
        for (int i = 0; i < 1500; i++) {
            StringBuilder sb = new StringBuilder(offer);
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && !sb.isEmpty(); k++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 2 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> {
                        // Drop a whole line.
                        int start = sb.lastIndexOf("\n", at) + 1;
                        int end = sb.indexOf("\n", at);
                        sb.delete(start, end < 0 ? sb.length() : end + 1);
                    }
                }
            }
            assertParsesOrRejects(sb.toString(), builder);
        }
    }

    @Test
    void garbageIsRejected() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            char[] c = new char[rnd.nextInt(300)];
            for (int k = 0; k < c.length; k++) {
                c[k] = (char) rnd.nextInt(i % 2 == 0 ? 128 : 0x10000);
            }
            String s = (i % 3 == 0 ? "v=0\n" : "") + new String(c);
            assertThatThrownBy(() -> SdpOffer.parse(s)).isInstanceOf(SdpException.class);
        }
    }

    static void assertParsesOrRejects(String offer, AnswerBuilder builder) {
        SdpOffer parsed;
        try {
            parsed = SdpOffer.parse(offer);
        } catch (SdpException e) {
            assertThat(e.getMessage()).isNotBlank().isNotEqualTo(OfferParser.INTERNAL_ERROR);
            return;
        }
        SdpAnswer answer = builder.answer(parsed);
        AnswerChecks.assertWellFormed(parsed, answer);
    }
}
