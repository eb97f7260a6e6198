package net.voxedge.edge.stun;

/**
 * STUN attribute type codes this codebase knows (RFC 8489 §18.3, RFC 8445 §16.1).
 * Types below 0x8000 are comprehension-required: a request carrying one we do not know gets a 420.
 */
public final class StunAttributes {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int PASSWORD_ALGORITHM = 0x001D;
    public static final int USERHASH = 0x001E;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;

    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** Lowest comprehension-optional type: unknown types from here up are silently ignored. */
    public static final int FIRST_COMPREHENSION_OPTIONAL = 0x8000;

    private StunAttributes() {
    }

    /**
     * Whether an attribute type is comprehension-required and not one we understand. The long-term credential
     * attributes (REALM, NONCE, ...) count as understood: they are defined by RFC 8489 and harmless to ignore
     * for short-term ICE checks, whereas answering them with a 420 would claim we never heard of them.
     */
    public static boolean isUnknownComprehensionRequired(int type) {
        if (type >= FIRST_COMPREHENSION_OPTIONAL) {
            return false;
        }
        return switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, REALM, NONCE,
                 MESSAGE_INTEGRITY_SHA256, PASSWORD_ALGORITHM, USERHASH, XOR_MAPPED_ADDRESS, PRIORITY,
                 USE_CANDIDATE -> false;
            default -> true;
        };
    }
}
