package net.voxedge.backbone.gateway;

import net.voxedge.backbone.tunnel.CancelPayload;

/** A CANCEL payload in words, for the gateway's log line. */
final class CancelPayloadText {
    private CancelPayloadText() {
    }

    static String describe(byte[] b, int off, int len) {
        if (!CancelPayload.valid(len)) {
            return "(" + len + " bytes, malformed)";
        }
        return "tag=" + CancelPayload.responseTag(b, off) + " playedMs=" + Integer.toUnsignedLong(CancelPayload.agentPlayedMs(b, off))
                + " userTs=" + Integer.toUnsignedLong(CancelPayload.userMediaTs(b, off));
    }
}
