package net.voxedge.edge.interop;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Turns a peer driver's output into its JSON result, even when the driver crashed or was killed. */
public final class PeerResult {

    private PeerResult() {
    }

    /**
     * The driver's last JSON line plus {@code exitCode} and {@code stderrTail}; without a parsable line,
     * {@code {ok:false, sessions:[], errors:[why]}} so callers never handle null.
     */
    public static JsonObject parse(BoundedProcess.Result r) {
        JsonObject out = null;
        String line = r.lastJsonLine();
        if (line != null) {
            try {
                out = new JsonObject(line);
            } catch (DecodeException e) {
                out = null;
            }
        }
        if (out == null) {
            out = new JsonObject().put("ok", false).put("sessions", new JsonArray()).put("errors",
                    new JsonArray().add("driver printed no JSON result" + (r.timedOut() ? " (killed: timed out)" : "")
                            + ", exit " + r.exitCode()));
        }
        return out.put("exitCode", r.exitCode()).put("stderrTail", r.stderrTail());
    }
}
