package net.voxedge.edge.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns offer text into an {@link SdpOffer} in two passes: first the SDP grammar (lines, m-lines,
 * attributes), then the WebRTC rules for the audio section this server accepts. Errors are
 * {@link SdpException}s worded for the developer of the client.
 */
final class OfferParser {

    private static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final int MAX_CANDIDATES_KEPT = 64;
    /** Message of the rejection that stands in for a bug in this parser; the fuzz target watches for it. */
    static final String INTERNAL_ERROR = "offer could not be parsed (internal error)";

    /** One a= line: name, value (null for a flag) and where it was. */
    private record Attribute(String name, String value, int line) {
    }

    /** One m-section as written, before interpretation. */
    private static final class Section {
        final int index;
        final int line;
        final String kind;
        final int port;
        final String proto;
        final List<String> formats;
        final List<Attribute> attributes = new ArrayList<>();

        Section(int index, int line, String kind, int port, String proto, List<String> formats) {
            this.index = index;
            this.line = line;
            this.kind = kind;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
        }

        String describe() {
            return "m-line " + (index + 1) + " (" + kind + ")";
        }
    }

    private final List<Attribute> sessionAttributes = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    SdpOffer parse(String sdp) throws SdpException {
        try {
            readGrammar(sdp);
            return interpret();
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug here must not turn a bad offer into a 500: report it as a rejection.
            throw new SdpException(INTERNAL_ERROR, e);
        }
    }

    // ---------------------------------------------------------------- grammar

    private void readGrammar(String sdp) throws SdpException {
        if (sdp == null) {
            throw new SdpException("offer is empty");
        }
        if (sdp.length() > SdpOffer.MAX_BYTES || utf8Length(sdp) > SdpOffer.MAX_BYTES) {
            throw new SdpException("offer is larger than 64 KiB");
        }
        if (sdp.isBlank()) {
            throw new SdpException("offer is empty");
        }
        boolean sawVersion = false;
        Section current = null;
        int lineNo = 0;
        int start = 0;
        while (start < sdp.length()) {
            int nl = sdp.indexOf('\n', start);
            int end = nl < 0 ? sdp.length() : nl;
            int next = nl < 0 ? sdp.length() : nl + 1;
            if (end > start && sdp.charAt(end - 1) == '\r') {
                end--;
            }
            String line = sdp.substring(start, end);
            start = next;
            lineNo++;
            if (line.isEmpty()) {
                continue; // stray blank lines (often a trailing one) carry nothing
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException("line " + lineNo + " is not of the form x=value: " + SdpSyntax.quote(line), lineNo);
            }
            for (int i = 2; i < line.length(); i++) {
                char c = line.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    throw new SdpException("line " + lineNo + " contains a control character", lineNo);
                }
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v') {
                    throw new SdpException("offer does not start with v=0", lineNo);
                }
                if (!value.equals("0")) {
                    throw new SdpException("unsupported SDP version v=" + SdpSyntax.quote(value) + " (expected v=0)", lineNo);
                }
                sawVersion = true;
                continue;
            }
            switch (type) {
                case 'm' -> {
                    if (sections.size() == SdpOffer.MAX_MEDIA_SECTIONS) {
                        throw new SdpException("offer has more than " + SdpOffer.MAX_MEDIA_SECTIONS + " m-lines", lineNo);
                    }
                    current = mediaLine(value, lineNo);
                    sections.add(current);
                }
                case 'a' -> {
                    int colon = value.indexOf(':');
                    String name = colon < 0 ? value : value.substring(0, colon);
                    String attrValue = colon < 0 ? null : value.substring(colon + 1);
                    if (name.isEmpty()) {
                        throw new SdpException("line " + lineNo + " has an attribute without a name", lineNo);
                    }
                    Attribute a = new Attribute(name, attrValue, lineNo);
                    (current == null ? sessionAttributes : current.attributes).add(a);
                }
                case 'v' -> throw new SdpException("line " + lineNo + " repeats v=", lineNo);
                default -> {
                    // o=, s=, t=, c=, b=, i=, ... carry nothing an ICE-lite answerer needs.
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException("offer is empty");
        }
    }

    private Section mediaLine(String value, int lineNo) throws SdpException {
        String[] f = value.strip().split(" +");
        if (f.length < 4) {
            throw new SdpException("line " + lineNo + ": m-line needs media, port, protocol and at least one format", lineNo);
        }
        if (!SdpSyntax.isToken(f[0])) {
            throw new SdpException("line " + lineNo + ": m-line media " + SdpSyntax.quote(f[0]) + " is not a valid token", lineNo);
        }
        long port = SdpSyntax.parseNumber(f[1], 0, 65535);
        if (port < 0) {
            throw new SdpException("line " + lineNo + ": m-line port " + SdpSyntax.quote(f[1]) + " is not a number 0..65535", lineNo);
        }
        if (!SdpSyntax.isProto(f[2])) {
            throw new SdpException("line " + lineNo + ": m-line protocol " + SdpSyntax.quote(f[2]) + " is not valid", lineNo);
        }
        List<String> formats = new ArrayList<>(f.length - 3);
        for (int i = 3; i < f.length; i++) {
            if (!SdpSyntax.isToken(f[i])) {
                throw new SdpException("line " + lineNo + ": m-line format " + SdpSyntax.quote(f[i]) + " is not a valid token", lineNo);
            }
            formats.add(f[i]);
        }
        return new Section(sections.size(), lineNo, f[0], (int) port, f[2], formats);
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
            if (n > SdpOffer.MAX_BYTES + 4) {
                return n;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- WebRTC rules

    private SdpOffer interpret() throws SdpException {
        if (sections.isEmpty()) {
            throw new SdpException("offer has no audio m-line (it has no m-lines at all)");
        }
        if (find(sessionAttributes, "ice-lite") != null) {
            throw new SdpException("offer is ICE-lite too: this server is ICE-lite, so the client must run full ICE");
        }
        Direction sessionDirection = direction(sessionAttributes, "the session");

        List<MediaSection> media = new ArrayList<>(sections.size());
        Set<String> mids = new LinkedHashSet<>();
        for (Section s : sections) {
            String mid = mid(s);
            if (!mid.isEmpty() && !mids.add(mid)) {
                throw new SdpException("mid " + SdpSyntax.quote(mid) + " is used by two m-lines", midLine(s));
            }
            Direction d = direction(s.attributes, "the " + s.describe());
            media.add(new MediaSection(s.index, s.kind, s.port, s.proto, s.formats, mid,
                    d != null ? d : sessionDirection != null ? sessionDirection : Direction.SENDRECV,
                    find(s.attributes, "bundle-only") != null));
        }

        Section audio = null;
        boolean anyAudio = false;
        for (Section s : sections) {
            if (s.kind.equals("audio")) {
                anyAudio = true;
                if (!media.get(s.index).disabled()) {
                    audio = s;
                    break;
                }
            }
        }
        if (audio == null) {
            throw new SdpException(anyAudio ? "offer's audio m-line is disabled (port 0)" : "offer has no audio m-line");
        }
        MediaSection audioSection = media.get(audio.index);

        checkProto(audio.proto);
        int opusPt = opusPayloadType(audio);
        if (find(audio.attributes, "rtcp-mux") == null && find(audio.attributes, "rtcp-mux-only") == null) {
            throw new SdpException("offer lacks a=rtcp-mux on the audio m-line");
        }
        if (!audioSection.hasMid()) {
            throw new SdpException("the audio m-line has no a=mid, so it cannot be BUNDLEd");
        }
        checkBundle(audioSection.mid(), mids);

        String ufrag = iceAttribute(audio, "ice-ufrag");
        if (!SdpSyntax.isIceChars(ufrag, 4, 256)) {
            throw new SdpException("a=ice-ufrag must be 4 to 256 characters of A-Z a-z 0-9 + /");
        }
        String pwd = iceAttribute(audio, "ice-pwd");
        if (!SdpSyntax.isIceChars(pwd, 22, 256)) {
            throw new SdpException("a=ice-pwd must be 22 to 256 characters of A-Z a-z 0-9 + /");
        }
        Fingerprint fingerprint = fingerprint(audio);
        SetupRole setup = setup(audio);

        return new SdpOffer(media, new AudioOffer(audio.index, audioSection.mid(), audio.proto, opusPt,
                fmtp(audio, opusPt), audioLevelExtId(audio), ssrcs(audio), audioSection.direction(), ufrag, pwd,
                fingerprint, setup, iceOptions(audio), candidates(audio),
                find(audio.attributes, "end-of-candidates") != null
                        || find(sessionAttributes, "end-of-candidates") != null));
    }

    private static Attribute find(List<Attribute> attributes, String name) {
        for (Attribute a : attributes) {
            if (a.name.equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static String mid(Section s) throws SdpException {
        String mid = null;
        for (Attribute a : s.attributes) {
            if (!a.name.equals("mid")) {
                continue;
            }
            String v = a.value == null ? "" : a.value.strip();
            if (!SdpSyntax.isToken(v) || v.length() > 256) {
                throw new SdpException("line " + a.line + ": a=mid " + SdpSyntax.quote(v) + " is not a valid token", a.line);
            }
            if (mid != null && !mid.equals(v)) {
                throw new SdpException("the " + s.describe() + " has two different a=mid lines", a.line);
            }
            mid = v;
        }
        return mid == null ? "" : mid;
    }

    private static int midLine(Section s) {
        Attribute a = find(s.attributes, "mid");
        return a == null ? s.line : a.line;
    }

    private static Direction direction(List<Attribute> attributes, String where) throws SdpException {
        Direction found = null;
        for (Attribute a : attributes) {
            Direction d = Direction.fromAttribute(a.name);
            if (d == null) {
                continue;
            }
            if (found != null && found != d) {
                throw new SdpException(where + " has conflicting direction attributes (a=" + found.attribute()
                        + " and a=" + d.attribute() + ")", a.line);
            }
            found = d;
        }
        return found;
    }

    private static void checkProto(String proto) throws SdpException {
        String p = proto.toUpperCase(Locale.ROOT);
        if (p.equals("UDP/TLS/RTP/SAVPF") || p.equals("UDP/TLS/RTP/SAVP")) {
            return;
        }
        if (!p.contains("TLS")) {
            throw new SdpException("not a WebRTC offer: protocol " + proto + " lacks DTLS (UDP/TLS/RTP/SAVPF)");
        }
        if (p.startsWith("TCP/")) {
            throw new SdpException("audio protocol " + proto + " is not supported: this server speaks UDP only (UDP/TLS/RTP/SAVPF)");
        }
        throw new SdpException("audio protocol " + proto + " is not supported (use UDP/TLS/RTP/SAVPF)");
    }

    private static int opusPayloadType(Section audio) throws SdpException {
        for (String format : audio.formats) {
            if (SdpSyntax.parseNumber(format, 0, 127) < 0) {
                throw new SdpException("audio m-line format " + SdpSyntax.quote(format) + " is not an RTP payload type 0..127");
            }
        }
        // One pass over the attributes, then one over the formats: a hostile offer with thousands
        // of both must not cost their product.
        Map<String, String> encodings = new HashMap<>();
        for (Attribute a : audio.attributes) {
            if (!a.name.equals("rtpmap") || a.value == null) {
                continue;
            }
            String v = a.value.strip();
            int space = v.indexOf(' ');
            if (space > 0) {
                encodings.putIfAbsent(v.substring(0, space), v.substring(space + 1).strip());
            }
        }
        for (String format : audio.formats) {
            String encoding = encodings.get(format);
            if (encoding != null && isOpus(encoding)) {
                return Integer.parseInt(format);
            }
        }
        throw new SdpException("audio m-line offers no Opus (rtpmap opus/48000/2)");
    }

    private static boolean isOpus(String encoding) {
        String[] p = encoding.split("/");
        return p.length == 3 && p[0].equalsIgnoreCase("opus") && p[1].equals("48000") && p[2].equals("2");
    }

    private void checkBundle(String audioMid, Set<String> mids) throws SdpException {
        boolean bundled = false;
        for (Attribute a : sessionAttributes) {
            if (!a.name.equals("group") || a.value == null) {
                continue;
            }
            String[] f = a.value.strip().split(" +");
            if (!f[0].equals("BUNDLE")) {
                continue;
            }
            for (int i = 1; i < f.length; i++) {
                if (!mids.contains(f[i])) {
                    throw new SdpException("a=group:BUNDLE names mid " + SdpSyntax.quote(f[i]) + " that no m-line has", a.line);
                }
                if (f[i].equals(audioMid)) {
                    bundled = true;
                }
            }
        }
        if (!bundled) {
            throw new SdpException("offer does not BUNDLE the audio m-line (a=group:BUNDLE)");
        }
    }

    /** A media-level attribute, else the session-level one; media overrides (RFC 8839, RFC 8842). */
    private String iceAttribute(Section audio, String name) throws SdpException {
        Attribute a = find(audio.attributes, name);
        if (a == null) {
            a = find(sessionAttributes, name);
        }
        if (a == null || a.value == null) {
            throw new SdpException("missing a=" + name);
        }
        return a.value.strip();
    }

    private Fingerprint fingerprint(Section audio) throws SdpException {
        List<Attribute> lines = new ArrayList<>();
        for (Attribute a : audio.attributes) {
            if (a.name.equals("fingerprint")) {
                lines.add(a);
            }
        }
        if (lines.isEmpty()) {
            for (Attribute a : sessionAttributes) {
                if (a.name.equals("fingerprint")) {
                    lines.add(a);
                }
            }
        }
        if (lines.isEmpty()) {
            throw new SdpException("missing a=fingerprint");
        }
        Fingerprint first = null;
        for (Attribute a : lines) {
            Fingerprint f = Fingerprint.parse(a.value);
            if (f.isSupported()) {
                return f;
            }
            if (first == null) {
                first = f;
            }
        }
        throw new SdpException("fingerprint algorithm " + first.algorithm() + " not supported (use sha-256)");
    }

    private SetupRole setup(Section audio) throws SdpException {
        Attribute a = find(audio.attributes, "setup");
        if (a == null) {
            a = find(sessionAttributes, "setup");
        }
        if (a == null) {
            // RFC 4145: an offer without a=setup means active, which suits a passive server.
            return SetupRole.ACTIVE;
        }
        String v = a.value == null ? "" : a.value.strip();
        SetupRole role = SetupRole.fromValue(v);
        if (role == null) {
            throw new SdpException("a=setup value " + SdpSyntax.quote(v)
                    + " is not one of actpass, active, passive, holdconn", a.line);
        }
        return switch (role) {
            case PASSIVE -> throw new SdpException("a=setup:passive in an offer is not allowed: this server is"
                    + " always DTLS passive, so offer a=setup:actpass (or active)", a.line);
            case HOLDCONN -> throw new SdpException("a=setup:holdconn is not supported: offer a=setup:actpass", a.line);
            default -> role;
        };
    }

    private static String fmtp(Section audio, int pt) {
        String prefix = Integer.toString(pt);
        for (Attribute a : audio.attributes) {
            if (!a.name.equals("fmtp") || a.value == null) {
                continue;
            }
            String v = a.value.strip();
            int space = v.indexOf(' ');
            if (space > 0 && v.substring(0, space).equals(prefix)) {
                return v.substring(space + 1).strip();
            }
        }
        return "";
    }

    private static int audioLevelExtId(Section audio) throws SdpException {
        for (Attribute a : audio.attributes) {
            if (!a.name.equals("extmap") || a.value == null) {
                continue;
            }
            String[] f = a.value.strip().split(" +");
            if (f.length < 2 || !f[1].equals(AUDIO_LEVEL_URI)) {
                continue;
            }
            String id = f[0];
            int slash = id.indexOf('/');
            if (slash >= 0) {
                id = id.substring(0, slash);
            }
            long n = SdpSyntax.parseNumber(id, 1, 255);
            if (n < 0) {
                throw new SdpException("line " + a.line + ": a=extmap id " + SdpSyntax.quote(id)
                        + " for ssrc-audio-level is not a number 1..255", a.line);
            }
            // Ids above 14 need two-byte headers, which this answer does not negotiate.
            return n <= 14 ? (int) n : -1;
        }
        return -1;
    }

    private static List<Long> ssrcs(Section audio) throws SdpException {
        Set<Long> ssrcs = new LinkedHashSet<>();
        for (Attribute a : audio.attributes) {
            if (!a.name.equals("ssrc") || a.value == null) {
                continue;
            }
            String v = a.value.strip();
            int space = v.indexOf(' ');
            String id = space < 0 ? v : v.substring(0, space);
            long ssrc = SdpSyntax.parseNumber(id, 0, 0xFFFF_FFFFL);
            if (ssrc < 0) {
                throw new SdpException("line " + a.line + ": a=ssrc " + SdpSyntax.quote(id) + " is not a 32-bit number", a.line);
            }
            ssrcs.add(ssrc);
        }
        return new ArrayList<>(ssrcs);
    }

    private List<String> iceOptions(Section audio) {
        Attribute a = find(audio.attributes, "ice-options");
        if (a == null) {
            a = find(sessionAttributes, "ice-options");
        }
        if (a == null || a.value == null || a.value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String t : a.value.strip().split(" +")) {
            if (SdpSyntax.isToken(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<IceCandidate> candidates(Section audio) {
        List<IceCandidate> out = new ArrayList<>();
        for (Attribute a : audio.attributes) {
            if (out.size() == MAX_CANDIDATES_KEPT) {
                break;
            }
            if (a.name.equals("candidate")) {
                IceCandidate c = IceCandidate.parse(a.value);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
