package net.voxedge.loadgen;

import java.util.Locale;

/**
 * What a generated session needs from the server's SDP answer: ICE credentials, whether the server
 * is ICE-lite, the first IPv4 UDP host candidate, the DTLS fingerprint and role. Read leniently
 * (servers differ in what else they write) but never trusted: {@link #parse} returns a result with
 * an error message for anything missing or malformed, and no input makes it throw.
 *
 * @param error null when the answer is usable, else what was wrong
 */
public record AnswerSdp(String ufrag, String pwd, boolean iceLite, String candidateIp, int candidatePort,
                        String fingerprintSha256, String setup, String error) {
    /** Longest answer read; a larger one is refused (ours are ~1 KiB, Janus's ~2 KiB). */
    public static final int MAX_LENGTH = 64 * 1024;

    /** Whether the server will play the DTLS client (then this side runs the DTLS server). */
    public boolean serverIsDtlsClient() {
        return "active".equals(setup);
    }

    /** Parses {@code sdp}; see the type's description. */
    public static AnswerSdp parse(String sdp) {
        if (sdp == null || sdp.isEmpty()) {
            return failed("answer is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            return failed("answer is larger than " + MAX_LENGTH + " characters");
        }
        String ufrag = null;
        String pwd = null;
        boolean lite = false;
        String ip = null;
        int port = -1;
        String fp = null;
        String setup = null;
        int audioLines = 0;
        for (String raw : sdp.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.startsWith("m=")) {
                if (line.startsWith("m=audio ")) {
                    audioLines++;
                    if (line.startsWith("m=audio 0 ")) {
                        return failed("the server rejected the audio m-line (port 0)");
                    }
                }
            } else if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = line.substring("a=ice-ufrag:".length()).trim();
            } else if (line.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = line.substring("a=ice-pwd:".length()).trim();
            } else if (line.equals("a=ice-lite")) {
                lite = true;
            } else if (line.startsWith("a=fingerprint:") && fp == null) {
                String[] f = line.substring("a=fingerprint:".length()).trim().split(" ");
                if (f.length == 2 && f[0].equalsIgnoreCase("sha-256")) {
                    fp = f[1].toUpperCase(Locale.ROOT);
                }
            } else if (line.startsWith("a=setup:") && setup == null) {
                setup = line.substring("a=setup:".length()).trim();
            } else if (line.startsWith("a=candidate:") && ip == null) {
                // foundation component transport priority address port "typ" type ...
                String[] f = line.substring("a=candidate:".length()).trim().split(" +");
                if (f.length >= 8 && f[1].equals("1") && f[2].equalsIgnoreCase("udp") && f[6].equals("typ")
                        && f[7].equals("host") && isIpv4(f[4])) {
                    int p = parsePort(f[5]);
                    if (p > 0) {
                        ip = f[4];
                        port = p;
                    }
                }
            }
        }
        if (audioLines == 0) {
            return failed("answer has no audio m-line");
        }
        if (ufrag == null || ufrag.isEmpty() || pwd == null || pwd.isEmpty()) {
            return failed("answer lacks a=ice-ufrag or a=ice-pwd");
        }
        if (ip == null) {
            return failed("answer has no IPv4 UDP host candidate for component 1");
        }
        if (fp == null) {
            return failed("answer lacks a sha-256 a=fingerprint");
        }
        if (setup == null || !(setup.equals("active") || setup.equals("passive"))) {
            return failed("answer's a=setup must be active or passive, not " + setup);
        }
        return new AnswerSdp(ufrag, pwd, lite, ip, port, fp, setup, null);
    }

    private static AnswerSdp failed(String why) {
        return new AnswerSdp(null, null, false, null, -1, null, null, why);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 0xFFFF ? v : -1;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
