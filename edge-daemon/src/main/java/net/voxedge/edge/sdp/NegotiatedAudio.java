package net.voxedge.edge.sdp;

/**
 * The outcome of negotiation that the daemon keeps for a session's media path.
 *
 * @param mid the audio section's mid (also the BUNDLE tag)
 * @param opusPayloadType the payload type Opus travels with, both ways
 * @param audioLevelExtId the RFC 6464 audio-level extension id, or -1 when not negotiated
 * @param remoteIceUfrag the client's ICE username fragment (second half of STUN USERNAME)
 * @param remoteIcePwd the client's ICE password (key of its MESSAGE-INTEGRITY)
 * @param remoteFingerprint the fingerprint the client's DTLS certificate must match
 * @param remoteSsrc the client's announced audio SSRC, or -1 when not announced
 * @param direction our direction, as answered: {@link Direction#SENDRECV} means we both send and receive
 */
public record NegotiatedAudio(String mid, int opusPayloadType, int audioLevelExtId, String remoteIceUfrag,
        String remoteIcePwd, Fingerprint remoteFingerprint, long remoteSsrc, Direction direction) {

    /** The client's fingerprint hash algorithm, e.g. {@code sha-256}. */
    public String remoteFingerprintAlgorithm() {
        return remoteFingerprint.algorithm();
    }

    /** The client's fingerprint digest as upper-case colon-separated hex. */
    public String remoteFingerprintHex() {
        return remoteFingerprint.hex();
    }

    /** True when we may send audio to the client. */
    public boolean weSend() {
        return direction.sends();
    }

    /** True when the client will send us audio. */
    public boolean weReceive() {
        return direction.receives();
    }
}
