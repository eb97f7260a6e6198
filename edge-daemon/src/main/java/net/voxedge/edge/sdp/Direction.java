package net.voxedge.edge.sdp;

/** The media direction attribute of an m-section (RFC 3264 section 5.1, RFC 4566). */
public enum Direction {
    /** a=sendrecv, the default when none is given. */
    SENDRECV("sendrecv"),
    /** a=sendonly. */
    SENDONLY("sendonly"),
    /** a=recvonly. */
    RECVONLY("recvonly"),
    /** a=inactive. */
    INACTIVE("inactive");

    private final String attribute;

    Direction(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute name as written in SDP. */
    public String attribute() {
        return attribute;
    }

    /** The direction an answer gives to this offered one (RFC 3264 section 6.1): the mirror image. */
    public Direction answer() {
        return switch (this) {
            case SENDRECV -> SENDRECV;
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case INACTIVE -> INACTIVE;
        };
    }

    /** True when the side holding this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** True when the side holding this direction receives media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction named by an attribute, or null when the name is not a direction. */
    public static Direction fromAttribute(String name) {
        for (Direction d : values()) {
            if (d.attribute.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
