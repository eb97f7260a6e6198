package net.voxedge.edge.sdp;

import java.util.List;

/**
 * The offered audio m-section this server accepts, with everything negotiation uses.
 * Session-level ICE, DTLS and direction attributes have been applied where the section has none.
 *
 * @param index position of the section in the offer, from 0
 * @param mid its a=mid
 * @param proto its transport protocol, echoed in the answer
 * @param opusPayloadType the first payload type of the m-line mapped to opus/48000/2
 * @param opusFmtp that payload type's a=fmtp parameters, or the empty string
 * @param audioLevelExtId the a=extmap id of {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}
 *     (RFC 6464) when offered with an id usable in one-byte headers (1..14), else -1
 * @param ssrcs the distinct SSRCs of a=ssrc lines, in order of appearance (empty when none)
 * @param direction the offered direction
 * @param iceUfrag the client's ICE username fragment
 * @param icePwd the client's ICE password
 * @param fingerprint the first supported a=fingerprint (sha-256, sha-384 or sha-512)
 * @param setup the offered DTLS role: {@link SetupRole#ACTPASS} or {@link SetupRole#ACTIVE}
 * @param iceOptions a=ice-options tokens, e.g. {@code trickle}
 * @param candidates well-formed a=candidate lines (ignored by an ICE-lite server)
 * @param endOfCandidates a=end-of-candidates was present
 */
public record AudioOffer(int index, String mid, String proto, int opusPayloadType, String opusFmtp,
        int audioLevelExtId, List<Long> ssrcs, Direction direction, String iceUfrag, String icePwd,
        Fingerprint fingerprint, SetupRole setup, List<String> iceOptions, List<IceCandidate> candidates,
        boolean endOfCandidates) {

    /** Copies the lists. */
    public AudioOffer {
        ssrcs = List.copyOf(ssrcs);
        iceOptions = List.copyOf(iceOptions);
        candidates = List.copyOf(candidates);
    }

    /** The first offered SSRC, or -1 when the offer announces none (e.g. recvonly, or a=ssrc omitted). */
    public long firstSsrc() {
        return ssrcs.isEmpty() ? -1 : ssrcs.getFirst();
    }
}
