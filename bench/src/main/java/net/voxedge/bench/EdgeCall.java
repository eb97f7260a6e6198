package net.voxedge.bench;

/**
 * What a browser learns about a call from the edge's SDP answer: the ICE credentials (the ufrag is
 * the signed routing token) and the SSRC the edge sends with.
 */
record EdgeCall(String callId, String iceUfrag, String icePwd, long ssrc) {

    static EdgeCall fromAnswer(String callId, String answerSdp) {
        String ufrag = null;
        String pwd = null;
        long ssrc = -1;
        for (String line : answerSdp.split("\r\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring("a=ice-ufrag:".length());
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring("a=ice-pwd:".length());
            } else if (line.startsWith("a=ssrc:") && ssrc < 0) {
                ssrc = Long.parseLong(line.substring("a=ssrc:".length(), line.indexOf(' ')));
            }
        }
        if (ufrag == null || pwd == null || ssrc < 0) {
            throw new IllegalStateException("the answer lacks ice-ufrag, ice-pwd or ssrc:\n" + answerSdp);
        }
        return new EdgeCall(callId, ufrag, pwd, ssrc);
    }
}
