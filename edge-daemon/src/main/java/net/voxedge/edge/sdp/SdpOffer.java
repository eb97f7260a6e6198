package net.voxedge.edge.sdp;

import java.util.List;

/**
 * A client's SDP offer, validated for what this audio-only ICE-lite server needs: one usable
 * audio m-section with Opus, rtcp-mux, BUNDLE, ICE credentials and a DTLS fingerprint. Every
 * other m-section is kept only so the answer can reject it properly.
 *
 * @param mediaSections every m-section, in offer order
 * @param audio the audio section that will be accepted
 */
public record SdpOffer(List<MediaSection> mediaSections, AudioOffer audio) {

    /** Largest offer accepted, in UTF-8 bytes. Browser offers are a few KiB. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Most m-sections accepted; more is no real client and only costs work. */
    public static final int MAX_MEDIA_SECTIONS = 64;

    /** Copies the list. */
    public SdpOffer {
        mediaSections = List.copyOf(mediaSections);
    }

    /**
     * Parses and validates an offer. Lines may end in CRLF or LF.
     *
     * @throws SdpException naming the first problem found; nothing else is thrown for any input
     */
    public static SdpOffer parse(String sdp) throws SdpException {
        return new OfferParser().parse(sdp);
    }
}
