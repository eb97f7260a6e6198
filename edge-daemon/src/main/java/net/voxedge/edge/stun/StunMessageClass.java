package net.voxedge.edge.stun;

/** The class of a STUN message (RFC 8489 §5): the two C bits of the message type. */
public enum StunMessageClass {
    REQUEST,
    INDICATION,
    SUCCESS_RESPONSE,
    ERROR_RESPONSE;

    private static final StunMessageClass[] BY_BITS = values();

    /** The class for the two class bits {@code C1 C0} as a number 0..3. */
    static StunMessageClass ofBits(int c1c0) {
        return BY_BITS[c1c0 & 0x3];
    }
}
