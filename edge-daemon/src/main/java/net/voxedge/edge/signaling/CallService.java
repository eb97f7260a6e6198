package net.voxedge.edge.signaling;

/** What signaling asks of the media side; the HTTP layer knows nothing about SDP or sessions. */
public interface CallService {

    /**
     * Answers an offer: a new session exists when this returns.
     *
     * @param requestedCluster the inference cluster a signaling front named for the session (the
     *     router's choice; empty when its token named none), or null for a client's own offer; the
     *     session goes there when this edge can send it there, else by its own order
     */
    CallAnswer create(String offerSdp, String subject, String requestedCluster) throws OfferRejectedException;

    /** Answers a client's own offer (the public API): no cluster is requested. */
    default CallAnswer create(String offerSdp, String subject) throws OfferRejectedException {
        return create(offerSdp, subject, null);
    }

    /**
     * Answers an offer a signaling front forwarded: for the grant's subject, asking for the grant's
     * cluster, with the grant's backup candidates (the backup PoP's, at a lower priority than this
     * edge's own) added to the answer's text.
     */
    default CallAnswer createForwarded(String offerSdp, InternalGrant grant) throws OfferRejectedException {
        CallAnswer a = create(offerSdp, grant.subject(), grant.cluster() == null ? "" : grant.cluster());
        return new CallAnswer(a.callId(), AnswerCandidates.withExtra(a.answerSdp(), grant.backupCandidates()), a.cluster());
    }

    /** Ends a call; false when no such call exists (already ended or never made). */
    boolean delete(String callId, String subject);

    /** True while the daemon takes new sessions (media port bound, not draining). */
    boolean ready();

    /**
     * The answer and the id that names the new call's resource.
     *
     * @param cluster the inference cluster the session's audio goes to, or null when it goes to none
     *     (echo, a local agent); sent as {@value SignalingServer#CLUSTER_HEADER}
     */
    record CallAnswer(String callId, String answerSdp, String cluster) {
        public CallAnswer(String callId, String answerSdp) {
            this(callId, answerSdp, null);
        }
    }
}
