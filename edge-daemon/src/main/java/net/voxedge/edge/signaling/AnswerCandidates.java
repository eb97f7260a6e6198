package net.voxedge.edge.signaling;

import java.util.List;
import net.voxedge.edge.sdp.HostCandidate;

/**
 * Adds host candidates to an answer the session side built: the backup PoP's, after the primary's
 * and before {@code a=end-of-candidates}. The answer's default address (m= and c= lines) stays
 * the primary's. Text-level on purpose: the answer comes from our own {@code AnswerBuilder},
 * whose audio section ends its candidates with exactly one {@code a=end-of-candidates}; the
 * session side may instead build them in itself by overriding
 * {@link CallService#createForwarded}.
 */
final class AnswerCandidates {
    private static final String END = "a=end-of-candidates\r\n";

    private AnswerCandidates() {
    }

    /**
     * {@code answerSdp} with {@code extra} as {@code a=candidate} lines before its
     * {@code a=end-of-candidates}; unchanged when {@code extra} is empty.
     *
     * @throws IllegalStateException if the answer has no end-of-candidates line (not one of ours)
     */
    static String withExtra(String answerSdp, List<HostCandidate> extra) {
        if (extra.isEmpty()) {
            return answerSdp;
        }
        int at = answerSdp.indexOf(END);
        if (at < 0 || (at > 0 && answerSdp.charAt(at - 1) != '\n')) {
            throw new IllegalStateException("answer has no a=end-of-candidates line to add backup candidates before");
        }
        StringBuilder sb = new StringBuilder(answerSdp.length() + 96 * extra.size());
        sb.append(answerSdp, 0, at);
        for (HostCandidate c : extra) {
            sb.append("a=").append(c.toSdpAttribute()).append("\r\n");
        }
        return sb.append(answerSdp, at, answerSdp.length()).toString();
    }
}
