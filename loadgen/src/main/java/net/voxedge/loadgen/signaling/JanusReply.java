package net.voxedge.loadgen.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of Janus's REST API, reduced to what the echotest adapter needs. Janus answers
 * requests with {@code success}/{@code ack}/{@code error}, and a long poll with one event or (with
 * {@code maxev}) an array of them. Parsing never throws: anything that is not a JSON object with a
 * string {@code janus} field becomes a reply of kind {@link #GARBAGE}.
 *
 * @param kind the {@code janus} field ("success", "ack", "event", "error", "keepalive", "webrtcup",
 *     "media", "hangup", "detached", ...) or {@link #GARBAGE}
 * @param transaction the {@code transaction} field, or null
 * @param sender the handle id an event comes from ({@code sender}), or 0
 * @param dataId {@code data.id} of a success reply (the new session or handle id), or 0
 * @param jsepType {@code jsep.type} ("answer"), or null
 * @param jsepSdp {@code jsep.sdp}, or null
 * @param error {@code error.code error.reason} of an error reply, or the plugin's {@code plugindata.data.error}, or null
 */
public record JanusReply(String kind, String transaction, long sender, long dataId, String jsepType, String jsepSdp,
                         String error) {
    /** The kind of a reply that was not a Janus message. */
    public static final String GARBAGE = "garbage";
    /** Longest body read; Janus's replies are a few KiB. */
    public static final int MAX_LENGTH = 1 << 20;

    /** Parses one reply object. */
    public static JanusReply parse(String json) {
        List<JanusReply> all = parseAll(json);
        return all.size() == 1 ? all.get(0) : garbage("expected one JSON object");
    }

    /** Parses a long poll's body: one object or an array of them. Never throws; never returns null or an empty list. */
    public static List<JanusReply> parseAll(String json) {
        List<JanusReply> out = new ArrayList<>();
        if (json == null || json.length() > MAX_LENGTH) {
            out.add(garbage(json == null ? "no body" : "body too large"));
            return out;
        }
        String t = json.strip();
        try {
            if (t.startsWith("[")) {
                for (Object o : new JsonArray(t)) {
                    out.add(o instanceof JsonObject jo ? of(jo) : garbage("array element is not an object"));
                }
            } else {
                out.add(of(new JsonObject(t)));
            }
        } catch (RuntimeException e) {
            // Jackson's DecodeException, a ClassCastException from a field of the wrong type, ...
            out.clear();
            out.add(garbage("not a Janus JSON reply: " + e.getClass().getSimpleName()));
        }
        if (out.isEmpty()) {
            out.add(garbage("an empty array")); // callers may count on one reply at least
        }
        return out;
    }

    private static JanusReply of(JsonObject o) {
        Object kind = o.getValue("janus");
        if (!(kind instanceof String k)) {
            return garbage("no string \"janus\" field");
        }
        String tx = o.getValue("transaction") instanceof String s ? s : null;
        long sender = o.getValue("sender") instanceof Number n ? n.longValue() : 0;
        long dataId = 0;
        if (o.getValue("data") instanceof JsonObject data && data.getValue("id") instanceof Number n) {
            dataId = n.longValue();
        }
        String jsepType = null;
        String jsepSdp = null;
        if (o.getValue("jsep") instanceof JsonObject jsep) {
            jsepType = jsep.getValue("type") instanceof String s ? s : null;
            jsepSdp = jsep.getValue("sdp") instanceof String s ? s : null;
        }
        String error = null;
        if (o.getValue("error") instanceof JsonObject err) {
            error = err.getValue("code") + " " + err.getValue("reason");
        } else if (o.getValue("plugindata") instanceof JsonObject pd && pd.getValue("data") instanceof JsonObject d
                && d.getValue("error") != null) {
            error = String.valueOf(d.getValue("error"));
        }
        return new JanusReply(k, tx, sender, dataId, jsepType, jsepSdp, error);
    }

    private static JanusReply garbage(String why) {
        return new JanusReply(GARBAGE, null, 0, 0, null, null, why);
    }
}
