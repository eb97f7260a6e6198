package net.voxedge.backbone.gateway;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import net.voxedge.backbone.tunnel.WireFormat;

/**
 * A session's OPEN control message (PROTOCOL.md section 10): the configuration the edge sends
 * before the session's audio and again after a failover or restart ({@code resumed}).
 *
 * @param session      the edge's session id (equal to the tunnel session id)
 * @param subject      who the session belongs to
 * @param pop          the edge PoP
 * @param host         the edge host
 * @param codec        {@link #CODEC}
 * @param instructions model instructions, or null
 * @param resumed      true when re-sent after a failover or an edge restart
 */
public record OpenRequest(long session, String subject, String pop, String host, String codec,
                          String instructions, boolean resumed) {
    /** The only codec the gateway takes: Opus, 48 kHz, as WebRTC names it. */
    public static final String CODEC = "opus/48000/2";
    private static final int MAX_TEXT = 1024;

    /**
     * Parses an OPEN payload that arrived for tunnel session {@code tunnelSession}. Never throws:
     * bad input gives a result whose {@link OpenParseResult#error()} says what is wrong, in words
     * that go back to the edge in the CLOSE reason.
     */
    public static OpenParseResult parse(long tunnelSession, byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return OpenParseResult.bad("payload range outside its buffer");
        }
        if (len == 0) {
            return OpenParseResult.bad("empty payload");
        }
        if (len > WireFormat.MAX_CONTROL_PAYLOAD) {
            return OpenParseResult.bad("payload longer than " + WireFormat.MAX_CONTROL_PAYLOAD + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return OpenParseResult.bad("payload is not UTF-8");
        }
        JsonObject json;
        try {
            // JsonObject refuses anything but an object; Jackson reports bad JSON only by exception.
            json = new JsonObject(text);
        } catch (RuntimeException e) { // DecodeException, or ClassCastException for a non-object
            return OpenParseResult.bad("payload is not a JSON object");
        }
        Object sessionField = json.getValue("session");
        if (!(sessionField instanceof String hex)) {
            return missingOrWrong(json, "session", "a hex string");
        }
        long session;
        if (hex.isEmpty() || hex.length() > 16 || !isHex(hex)) {
            return OpenParseResult.bad("field \"session\" must be 1-16 hex digits");
        }
        session = Long.parseUnsignedLong(hex, 16);
        if (session != tunnelSession) {
            return OpenParseResult.bad("field \"session\" (" + hex + ") is not the tunnel session "
                    + HexFormat.of().toHexDigits(tunnelSession));
        }
        String[] required = {"subject", "pop", "host", "codec"};
        String[] values = new String[required.length];
        for (int i = 0; i < required.length; i++) {
            Object v = json.getValue(required[i]);
            if (!(v instanceof String s)) {
                return missingOrWrong(json, required[i], "a string");
            }
            if (s.length() > MAX_TEXT) {
                return OpenParseResult.bad("field \"" + required[i] + "\" is longer than " + MAX_TEXT + " characters");
            }
            values[i] = s;
        }
        if (!CODEC.equals(values[3].toLowerCase(Locale.ROOT))) {
            return OpenParseResult.bad("codec \"" + clip(values[3]) + "\" is not supported (only " + CODEC + ")");
        }
        Object instr = json.getValue("instructions");
        if (instr != null && !(instr instanceof String)) {
            return OpenParseResult.bad("field \"instructions\" must be a string");
        }
        Object resumed = json.getValue("resumed");
        if (resumed != null && !(resumed instanceof Boolean)) {
            return OpenParseResult.bad("field \"resumed\" must be true or false");
        }
        return OpenParseResult.ok(new OpenRequest(session, values[0], values[1], values[2], CODEC,
                (String) instr, Boolean.TRUE.equals(resumed)));
    }

    /** The JSON form the edge sends (used by tests and tools; the gateway only parses). */
    public String toJson() {
        JsonObject o = new JsonObject()
                .put("session", HexFormat.of().toHexDigits(session))
                .put("subject", subject).put("pop", pop).put("host", host).put("codec", codec)
                .put("resumed", resumed);
        if (instructions != null) {
            o.put("instructions", instructions);
        }
        return o.encode();
    }

    private static OpenParseResult missingOrWrong(JsonObject json, String field, String kind) {
        return OpenParseResult.bad(json.containsKey(field) && json.getValue(field) != null
                ? "field \"" + field + "\" must be " + kind
                : "field \"" + field + "\" is missing");
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }
}
