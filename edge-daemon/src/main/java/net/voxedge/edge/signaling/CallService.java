package net.voxedge.edge.signaling;

/** What signaling asks of the media side; the HTTP layer knows nothing about SDP or sessions. */
public interface CallService {

    /** Answers an offer: a new session exists when this returns. */
    CallAnswer create(String offerSdp, String subject) throws OfferRejectedException;

    /** Ends a call; false when no such call exists (already ended or never made). */
    boolean delete(String callId, String subject);

    /** True while the daemon takes new sessions (media port bound, not draining). */
    boolean ready();

    /** The answer and the id that names the new call's resource. */
    record CallAnswer(String callId, String answerSdp) {
    }
}
