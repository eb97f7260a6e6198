package net.voxedge.loadgen;

/**
 * The SDP offer a generated session sends: one audio m-line (Opus 48000/2), ICE credentials, the
 * fingerprint of this session's own DTLS certificate, {@code a=setup:actpass}, rtcp-mux, BUNDLE,
 * an SSRC, and a single host candidate (the session's own UDP socket). No trickle: the one
 * candidate is all there is, so {@code a=end-of-candidates} follows it.
 */
public final class OfferSdp {
    /** The Opus payload type the offer uses (what Chromium uses too). */
    public static final int OPUS_PT = 111;

    private OfferSdp() {
    }

    /**
     * @param setup {@code actpass} (the answerer picks the DTLS role) or {@code active}/{@code passive}
     * @param hostIp the IPv4 address of the host candidate
     */
    public static String build(long sessionId, String ufrag, String pwd, String fingerprintSha256, String setup,
                               long ssrc, String hostIp, int port) {
        String nl = "\r\n";
        return "v=0" + nl
                + "o=- " + sessionId + " 2 IN IP4 127.0.0.1" + nl
                + "s=-" + nl
                + "t=0 0" + nl
                + "a=group:BUNDLE 0" + nl
                + "a=msid-semantic: WMS loadgen" + nl
                + "m=audio " + port + " UDP/TLS/RTP/SAVPF " + OPUS_PT + nl
                + "c=IN IP4 " + hostIp + nl
                + "a=rtcp:9 IN IP4 0.0.0.0" + nl
                + "a=candidate:1 1 udp 2130706431 " + hostIp + " " + port + " typ host generation 0" + nl
                + "a=end-of-candidates" + nl
                + "a=ice-ufrag:" + ufrag + nl
                + "a=ice-pwd:" + pwd + nl
                + "a=fingerprint:sha-256 " + fingerprintSha256 + nl
                + "a=setup:" + setup + nl
                + "a=mid:0" + nl
                + "a=sendrecv" + nl
                + "a=msid:loadgen audio" + sessionId + nl
                + "a=rtcp-mux" + nl
                + "a=rtpmap:" + OPUS_PT + " opus/48000/2" + nl
                + "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1" + nl
                + "a=ssrc:" + ssrc + " cname:loadgen" + sessionId + nl;
    }
}
