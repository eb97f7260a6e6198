package net.voxedge.edge.signaling;

/** What signaling asks of the media side; the HTTP layer knows nothing about SDP or sessions. */
public interface CallService {

    /** Answers an offer: a new session exists when this returns. */
    CallAnswer create(String offerSdp, String subject) throws OfferRejectedException;

    /**
     * Answers an offer a signaling front forwarded: as {@link #create(String, String)}, plus
     * {@code extraCandidates} (the backup PoP's, at a lower priority than this edge's own) in the
     * answer. The default adds them to the answer's text; an implementation that builds the answer
     * may put them in itself.
     */
    default CallAnswer create(String offerSdp, String subject, java.util.List<net.voxedge.edge.sdp.HostCandidate> extraCandidates)
            throws OfferRejectedException {
        CallAnswer a = create(offerSdp, subject);
        return new CallAnswer(a.callId(), AnswerCandidates.withExtra(a.answerSdp(), extraCandidates));
    }

    /** Ends a call; false when no such call exists (already ended or never made). */
    boolean delete(String callId, String subject);

    /** True while the daemon takes new sessions (media port bound, not draining). */
    boolean ready();

    /** The answer and the id that names the new call's resource. */
    record CallAnswer(String callId, String answerSdp) {
    }
}
