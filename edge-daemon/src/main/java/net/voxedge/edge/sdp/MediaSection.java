package net.voxedge.edge.sdp;

import java.util.List;

/**
 * What the answer needs to know of every offered m-section, accepted or not.
 *
 * @param index position in the offer, from 0
 * @param kind media type: {@code audio}, {@code video}, {@code application}, ...
 * @param port the offered port; 0 means disabled unless {@code bundleOnly}
 * @param proto transport protocol, e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats the format list of the m-line, in order
 * @param mid the a=mid value, or the empty string when the section has none
 * @param direction the section's direction (session-level default applied)
 * @param bundleOnly a=bundle-only was present (RFC 8843)
 */
public record MediaSection(int index, String kind, int port, String proto, List<String> formats, String mid,
        Direction direction, boolean bundleOnly) {

    /** Copies the format list. */
    public MediaSection {
        formats = List.copyOf(formats);
    }

    /** True when the offerer itself disabled the section: port 0 without a=bundle-only. */
    public boolean disabled() {
        return port == 0 && !bundleOnly;
    }

    /** True when the section carries an a=mid. */
    public boolean hasMid() {
        return !mid.isEmpty();
    }
}
