package net.voxedge.edge.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SDP answer of an ICE-lite, DTLS-passive, audio-only server from a parsed
 * {@link SdpOffer} and the local parameters of a session.
 *
 * <p>The first usable audio m-section is accepted with Opus only, rtcp-mux, the offered RFC 6464
 * audio-level extension id, our SSRC and CNAME, and our host candidates; it alone forms the BUNDLE
 * group. Every other m-section is rejected the RFC 3264 way — same media and protocol, port 0 —
 * keeping its a=mid as JSEP requires. The setters validate their arguments
 * ({@link IllegalArgumentException}); once all required ones are set, {@link #answer} cannot fail
 * for any offer {@link SdpOffer#parse} accepted.
 *
 * <p>Deliberately absent: a=ice-options (a lite agent does not trickle), rtcp-fb (transport-cc,
 * NACK are not implemented), a=rtcp-rsize, a=extmap-allow-mixed.
 */
public final class AnswerBuilder {

    private static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final String CRLF = "\r\n";

    private String iceUfrag;
    private String icePwd;
    private Fingerprint fingerprint;
    private final List<HostCandidate> candidates = new ArrayList<>();
    private long audioSsrc = -1;
    private String cname;
    private String streamId = "voxedge";
    private String trackId = "voxedge-audio";
    private long sessionId = -1;
    private long sessionVersion = 1;

    /** Our ICE username fragment: 4..256 ice-chars (RFC 8839). */
    public AnswerBuilder iceUfrag(String ufrag) {
        if (!SdpSyntax.isIceChars(ufrag, 4, 256)) {
            throw new IllegalArgumentException("ice ufrag must be 4 to 256 characters of A-Z a-z 0-9 + /");
        }
        this.iceUfrag = ufrag;
        return this;
    }

    /** Our ICE password: 22..256 ice-chars (RFC 8839). */
    public AnswerBuilder icePwd(String pwd) {
        if (!SdpSyntax.isIceChars(pwd, 22, 256)) {
            throw new IllegalArgumentException("ice pwd must be 22 to 256 characters of A-Z a-z 0-9 + /");
        }
        this.icePwd = pwd;
        return this;
    }

    /** Our DTLS certificate's fingerprint. */
    public AnswerBuilder fingerprint(Fingerprint fingerprint) {
        if (fingerprint == null || !fingerprint.isSupported()) {
            throw new IllegalArgumentException("fingerprint must use sha-256, sha-384 or sha-512");
        }
        this.fingerprint = fingerprint;
        return this;
    }

    /** Our DTLS certificate's fingerprint in SDP form, e.g. {@code sha-256 AB:CD:...}. */
    public AnswerBuilder fingerprint(String sdpValue) {
        try {
            return fingerprint(Fingerprint.parse(sdpValue));
        } catch (SdpException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Adds a host candidate. The first one added is the default address (m= port and c= line):
     * add the primary PoP's first, then a lower-priority backup PoP candidate if any.
     */
    public AnswerBuilder addCandidate(HostCandidate candidate) {
        if (candidate == null) {
            throw new IllegalArgumentException("candidate must not be null");
        }
        if (candidates.size() == 16) {
            throw new IllegalArgumentException("at most 16 candidates");
        }
        candidates.add(candidate);
        return this;
    }

    /** Our audio SSRC, 0..2^32-1. */
    public AnswerBuilder audioSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc must be 0..2^32-1: " + ssrc);
        }
        this.audioSsrc = ssrc;
        return this;
    }

    /** Our RTCP CNAME: 1..255 visible ASCII characters. */
    public AnswerBuilder cname(String cname) {
        if (!isVisibleAscii(cname, 255)) {
            throw new IllegalArgumentException("cname must be 1 to 255 visible ASCII characters");
        }
        this.cname = cname;
        return this;
    }

    /** The a=msid stream and track ids (RFC 8830); defaults {@code voxedge voxedge-audio}. */
    public AnswerBuilder msid(String streamId, String trackId) {
        if (!isMsidId(streamId) || !isMsidId(trackId)) {
            throw new IllegalArgumentException("msid ids must be 1 to 64 token characters");
        }
        this.streamId = streamId;
        this.trackId = trackId;
        return this;
    }

    /** The o= line session id: 0..2^63-1, random per session (RFC 8829 section 5.2.1). */
    public AnswerBuilder sessionId(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("session id must not be negative");
        }
        this.sessionId = id;
        return this;
    }

    /** The o= line session version, incremented on every new answer of a session; default 1. */
    public AnswerBuilder sessionVersion(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("session version must not be negative");
        }
        this.sessionVersion = version;
        return this;
    }

    /**
     * Builds the answer to {@code offer}.
     *
     * @throws IllegalStateException when a required local parameter (ufrag, pwd, fingerprint, a
     *     candidate, SSRC, CNAME, session id) was not set
     */
    public SdpAnswer answer(SdpOffer offer) {
        requireComplete();
        AudioOffer audio = offer.audio();
        Direction direction = audio.direction().answer();
        HostCandidate primary = candidates.getFirst();

        StringBuilder sb = new StringBuilder(1024 + 128 * offer.mediaSections().size());
        line(sb, "v=0");
        line(sb, "o=- " + sessionId + " " + sessionVersion + " IN IP4 127.0.0.1");
        line(sb, "s=-");
        line(sb, "t=0 0");
        line(sb, "a=group:BUNDLE " + audio.mid());
        line(sb, "a=ice-lite");
        line(sb, "a=msid-semantic: WMS *");
        for (MediaSection m : offer.mediaSections()) {
            if (m.index() == audio.index()) {
                audioSection(sb, audio, direction, primary);
            } else {
                rejectedSection(sb, m);
            }
        }
        NegotiatedAudio negotiated = new NegotiatedAudio(audio.mid(), audio.opusPayloadType(),
                audio.audioLevelExtId(), audio.iceUfrag(), audio.icePwd(), audio.fingerprint(), audio.firstSsrc(),
                direction);
        return new SdpAnswer(sb.toString(), negotiated);
    }

    private void audioSection(StringBuilder sb, AudioOffer audio, Direction direction, HostCandidate primary) {
        int pt = audio.opusPayloadType();
        line(sb, "m=audio " + primary.port() + " " + audio.proto() + " " + pt);
        line(sb, "c=IN " + primary.addressType() + " " + primary.ip());
        line(sb, "a=rtcp:" + primary.port() + " IN " + primary.addressType() + " " + primary.ip());
        line(sb, "a=ice-ufrag:" + iceUfrag);
        line(sb, "a=ice-pwd:" + icePwd);
        line(sb, "a=fingerprint:" + fingerprint.toSdpValue());
        line(sb, "a=setup:passive");
        line(sb, "a=mid:" + audio.mid());
        if (audio.audioLevelExtId() > 0) {
            line(sb, "a=extmap:" + audio.audioLevelExtId() + " " + AUDIO_LEVEL_URI);
        }
        line(sb, "a=" + direction.attribute());
        if (direction.sends()) {
            // msid and ssrc describe a track we send; a recvonly or inactive answer has none.
            line(sb, "a=msid:" + streamId + " " + trackId);
        }
        line(sb, "a=rtcp-mux");
        line(sb, "a=rtpmap:" + pt + " opus/48000/2");
        line(sb, "a=fmtp:" + pt + " minptime=10;useinbandfec=1");
        line(sb, "a=ptime:20");
        if (direction.sends()) {
            line(sb, "a=ssrc:" + audioSsrc + " cname:" + cname);
        }
        for (HostCandidate c : candidates) {
            line(sb, "a=" + c.toSdpAttribute());
        }
        line(sb, "a=end-of-candidates");
    }

    private static void rejectedSection(StringBuilder sb, MediaSection m) {
        line(sb, "m=" + m.kind() + " 0 " + m.proto() + " " + String.join(" ", m.formats()));
        line(sb, "c=IN IP4 0.0.0.0");
        if (m.hasMid()) {
            line(sb, "a=mid:" + m.mid());
        }
    }

    private static void line(StringBuilder sb, String s) {
        sb.append(s).append(CRLF);
    }

    private void requireComplete() {
        List<String> missing = new ArrayList<>();
        if (iceUfrag == null) {
            missing.add("iceUfrag");
        }
        if (icePwd == null) {
            missing.add("icePwd");
        }
        if (fingerprint == null) {
            missing.add("fingerprint");
        }
        if (candidates.isEmpty()) {
            missing.add("a candidate");
        }
        if (audioSsrc < 0) {
            missing.add("audioSsrc");
        }
        if (cname == null) {
            missing.add("cname");
        }
        if (sessionId < 0) {
            missing.add("sessionId");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("answer needs " + String.join(", ", missing));
        }
    }

    private static boolean isVisibleAscii(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMsidId(String s) {
        return s != null && s.length() <= 64 && SdpSyntax.isToken(s);
    }
}
