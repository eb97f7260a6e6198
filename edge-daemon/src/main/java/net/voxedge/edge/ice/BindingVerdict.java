package net.voxedge.edge.ice;

/**
 * What {@link IceLiteSession#onBindingRequest} decided about one Binding request, and how the RFCs say to answer
 * it. The IO layer counts verdicts, writes the response, and may rate-limit error responses to addresses it does
 * not know (a public port must not become a reflector).
 */
public enum BindingVerdict {
    /** A valid check: answer with a success response; the source address is now known. */
    ACCEPTED(true, true, 0),
    /** A valid check with USE-CANDIDATE: as {@link #ACCEPTED}, and the source is now the selected address. */
    ACCEPTED_NOMINATED(true, true, 0),
    /** The bytes do not parse as STUN: drop. */
    REJECT_MALFORMED(false, false, -1),
    /** STUN, but not a Binding request (an indication or a response): drop. */
    REJECT_NOT_BINDING_REQUEST(false, false, -1),
    /** No FINGERPRINT, which ICE requires (RFC 8445 §7.1.2): drop. */
    REJECT_NO_FINGERPRINT(false, false, -1),
    /** FINGERPRINT does not match: not really STUN or corrupted (RFC 8489 §7.3): drop. */
    REJECT_BAD_FINGERPRINT(false, false, -1),
    /** No MESSAGE-INTEGRITY: 400 without integrity (RFC 8489 §9.1.3). */
    REJECT_NO_INTEGRITY(false, false, 400),
    /** No USERNAME: 400 without integrity (RFC 8489 §9.1.3). */
    REJECT_NO_USERNAME(false, false, 400),
    /** USERNAME is not "localUfrag:remoteUfrag" for this session (RFC 8445 §7.3): 401 without integrity. */
    REJECT_BAD_USERNAME(false, false, 401),
    /** MESSAGE-INTEGRITY does not verify under our password: 401 without integrity. */
    REJECT_BAD_INTEGRITY(false, false, 401),
    /** Authentic, but carries comprehension-required attributes we do not know: 420 (RFC 8489 §6.3.1). */
    REJECT_UNKNOWN_ATTRIBUTES(false, true, 420),
    /** Authentic, but without PRIORITY, which every ICE check carries (RFC 8445 §7.1.1): 400. */
    REJECT_NO_PRIORITY(false, true, 400),
    /**
     * Authentic, but the peer claims the controlled role: a lite agent is always controlled, so the full agent
     * must control (RFC 8445 §6.1.1) and cannot be told to switch; 487 (RFC 8445 §7.3.1.1).
     */
    REJECT_ROLE_CONFLICT(false, true, 487),
    /** Authentic, from a new address, but every address slot holds one with fresh consent: drop. */
    REJECT_TOO_MANY_ADDRESSES(false, true, -1);

    private final boolean accepted;
    private final boolean authenticated;
    private final int errorCode;

    BindingVerdict(boolean accepted, boolean authenticated, int errorCode) {
        this.accepted = accepted;
        this.authenticated = authenticated;
        this.errorCode = errorCode;
    }

    /** Whether the check was accepted: answer with a Binding success response. */
    public boolean accepted() {
        return accepted;
    }

    /**
     * Whether MESSAGE-INTEGRITY verified, so a response must carry MESSAGE-INTEGRITY (signed with
     * {@link IceLiteSession#responseIntegrity()}); responses to unauthenticated requests must not.
     */
    public boolean authenticated() {
        return authenticated;
    }

    /** The STUN error code to answer with; 0 for accepted checks (success response), -1 for silent drops. */
    public int errorCode() {
        return errorCode;
    }
}
