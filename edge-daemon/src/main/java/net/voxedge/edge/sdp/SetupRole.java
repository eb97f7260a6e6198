package net.voxedge.edge.sdp;

/** The a=setup attribute (RFC 4145, RFC 8842): which side starts the DTLS handshake. */
public enum SetupRole {
    /** The endpoint will be the DTLS client. */
    ACTIVE("active"),
    /** The endpoint will be the DTLS server. */
    PASSIVE("passive"),
    /** The offerer lets the answerer choose; what JSEP offers always say. */
    ACTPASS("actpass"),
    /** No connection for now. */
    HOLDCONN("holdconn");

    private final String value;

    SetupRole(String value) {
        this.value = value;
    }

    /** The value as written after {@code a=setup:}. */
    public String value() {
        return value;
    }

    /** The role named by {@code value}, or null when it is not one of the four. */
    public static SetupRole fromValue(String value) {
        for (SetupRole r : values()) {
            if (r.value.equals(value)) {
                return r;
            }
        }
        return null;
    }
}
