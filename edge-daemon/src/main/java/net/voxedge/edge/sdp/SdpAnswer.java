package net.voxedge.edge.sdp;

/**
 * An answer built by {@link AnswerBuilder}.
 *
 * @param sdp the answer text, lines ending in CRLF, ready to send as {@code application/sdp}
 * @param audio what was negotiated for the accepted audio section
 */
public record SdpAnswer(String sdp, NegotiatedAudio audio) {
}
