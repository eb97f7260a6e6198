package net.voxedge.edge.ice;

import java.net.InetSocketAddress;
import java.util.Objects;
import net.voxedge.edge.crypto.HmacSha1;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunParseResult;

/**
 * The ICE-lite side of one WebRTC session (RFC 8445 §2.5, §7.3) with consent freshness (RFC 7675), sans-IO: the
 * IO layer hands in each Binding request with its source address and the time, and gets a {@link BindingVerdict}.
 *
 * <p>A lite agent never sends checks; it answers the full agent's. Only a check that passes every test (USERNAME,
 * FINGERPRINT, MESSAGE-INTEGRITY, PRIORITY, role) makes its source a known address: that is the rule that keeps
 * the port from relaying to or amplifying toward addresses that never proved they hold the password. At most
 * {@link IceLiteConfig#maxAddresses()} addresses are known; a slot is reused only when its address has had no
 * accepted check for the consent timeout (it lost consent anyway).
 *
 * <p>The selected address (where media goes) is the first accepted address until a check with USE-CANDIDATE
 * nominates one; each later nomination moves it, which is how NAT rebinding and ICE restarts move a session.
 *
 * <p>Consent: a lite agent sends no consent checks of its own, so it takes the full agent's periodic checks (every
 * 5 s or so in browsers) as the sign the peer is still there. Consent is lost when no check was accepted for the
 * consent timeout, or, before the first one, for the initial timeout since creation.
 *
 * <p>ICE restart: {@link #restart} installs new credentials next to the current ones. Checks under the old
 * credentials keep working until the first check under the new ones is accepted; that check drops every known
 * address, becomes the selected address, and retires the old credentials.
 *
 * <p>Single-threaded: owned by the worker that owns the session. {@link #onBindingRequest} allocates nothing of its
 * own for an already-known address (the JDK's HMAC allocates its small result array internally).
 */
public final class IceLiteSession {
    private final IceLiteConfig config;
    private final InetSocketAddress[] addresses;
    private final long[] lastCheckNanos;
    private final long createdNanos;

    private IceCredentials current;
    private IceCredentials pending;
    private int addressCount;
    private InetSocketAddress selected;
    private boolean nominated;
    private boolean anyAccepted;
    private long lastConsentNanos;
    private HmacSha1 responseIntegrity;

    /** A session with {@link IceLiteConfig#DEFAULTS}. */
    public IceLiteSession(String localUfrag, String localPassword, String remoteUfrag, String remotePassword,
                          long nowNanos) {
        this(localUfrag, localPassword, remoteUfrag, remotePassword, IceLiteConfig.DEFAULTS, nowNanos);
    }

    /**
     * A session for the credentials of one SDP offer/answer exchange.
     *
     * @param localUfrag our ufrag (the routing token), 4..256 ice-chars
     * @param localPassword our ICE password, 22..256 ice-chars; checks are verified under it
     * @param remoteUfrag the peer's ufrag from its offer, or null to accept any remote part of USERNAME
     * @param remotePassword the peer's password, or null; a lite agent sends no checks, so it is only kept
     * @param nowNanos the creation time, on the same clock as every later {@code nowNanos}
     * @throws IllegalArgumentException when a ufrag or our password is not valid ice-chars of a valid length
     */
    public IceLiteSession(String localUfrag, String localPassword, String remoteUfrag, String remotePassword,
                          IceLiteConfig config, long nowNanos) {
        this.config = config;
        this.current = new IceCredentials(localUfrag, localPassword, remoteUfrag, remotePassword);
        this.addresses = new InetSocketAddress[config.maxAddresses()];
        this.lastCheckNanos = new long[config.maxAddresses()];
        this.createdNanos = nowNanos;
        this.lastConsentNanos = nowNanos;
    }

    /**
     * Judges one Binding request and, when it is accepted, records its source (and nomination) and refreshes
     * consent. Rejected requests change nothing but {@link #responseIntegrity()}.
     *
     * @param req a reader; if it does not hold a successful parse of exactly {@code buf[off, off+len)} the datagram
     *     is parsed into it here
     * @param from the datagram's source address; compared with {@code equals}, stored as is when accepted
     * @param nowNanos the current time
     */
    public BindingVerdict onBindingRequest(StunMessage req, byte[] buf, int off, int len, InetSocketAddress from,
                                           long nowNanos) {
        Objects.requireNonNull(from, "from");
        responseIntegrity = null;
        if (!req.isParsedFrom(buf, off, len) && req.parse(buf, off, len) != StunParseResult.OK) {
            return BindingVerdict.REJECT_MALFORMED;
        }
        if (!req.isBindingRequest()) {
            return BindingVerdict.REJECT_NOT_BINDING_REQUEST;
        }
        if (!req.hasFingerprint()) {
            return BindingVerdict.REJECT_NO_FINGERPRINT;
        }
        if (!req.fingerprintValid()) {
            return BindingVerdict.REJECT_BAD_FINGERPRINT;
        }
        if (!req.hasMessageIntegrity()) {
            return BindingVerdict.REJECT_NO_INTEGRITY;
        }
        if (!req.hasUsername()) {
            return BindingVerdict.REJECT_NO_USERNAME;
        }
        // Checks under new credentials are what an ICE restart waits for, so they are tried first.
        int userOff = req.usernameOffset();
        int userLen = req.usernameLength();
        IceCredentials matched = null;
        boolean usernameKnown = false;
        if (pending != null && pending.usernameMatches(buf, userOff, userLen)) {
            usernameKnown = true;
            matched = req.verifyMessageIntegrity(pending.integrity) ? pending : null;
        }
        if (matched == null && current.usernameMatches(buf, userOff, userLen)) {
            usernameKnown = true;
            matched = req.verifyMessageIntegrity(current.integrity) ? current : null;
        }
        if (!usernameKnown) {
            return BindingVerdict.REJECT_BAD_USERNAME;
        }
        if (matched == null) {
            return BindingVerdict.REJECT_BAD_INTEGRITY;
        }
        responseIntegrity = matched.integrity;
        if (req.unknownComprehensionRequiredCount() > 0) {
            return BindingVerdict.REJECT_UNKNOWN_ATTRIBUTES;
        }
        if (!req.hasPriority()) {
            return BindingVerdict.REJECT_NO_PRIORITY;
        }
        if (req.iceControlled()) {
            return BindingVerdict.REJECT_ROLE_CONFLICT;
        }
        if (matched == pending) {
            retireOldCredentials();
        }
        int slot = slotOf(from);
        if (slot < 0) {
            slot = claimSlot(nowNanos);
            if (slot < 0) {
                return BindingVerdict.REJECT_TOO_MANY_ADDRESSES;
            }
            addresses[slot] = from;
        }
        lastCheckNanos[slot] = nowNanos;
        lastConsentNanos = nowNanos;
        anyAccepted = true;
        if (req.useCandidate()) {
            selected = from;
            nominated = true;
            return BindingVerdict.ACCEPTED_NOMINATED;
        }
        if (selected == null) {
            selected = from;
        }
        return BindingVerdict.ACCEPTED;
    }

    /**
     * The HMAC-SHA1 to sign the response to the last request with: the one keyed with the password that request
     * authenticated under, or null when it did not authenticate (its response must then carry no
     * MESSAGE-INTEGRITY).
     */
    public HmacSha1 responseIntegrity() {
        return responseIntegrity;
    }

    /** Whether an accepted check came from this address (and it has not been dropped since). */
    public boolean isKnownAddress(InetSocketAddress address) {
        return slotOf(address) >= 0;
    }

    /** Where media goes: the last nominated address, else the first accepted one; null before any accepted check. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** Whether the selected address was nominated with USE-CANDIDATE (rather than being the first accepted). */
    public boolean isNominated() {
        return nominated;
    }

    /** How many addresses are known. */
    public int addressCount() {
        return addressCount;
    }

    /** When a check was last accepted; the creation time until one is. */
    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    /** Whether any check has been accepted yet. */
    public boolean hasAcceptedCheck() {
        return anyAccepted;
    }

    /** Whether consent is lost at {@code nowNanos}: the session should end. */
    public boolean consentExpired(long nowNanos) {
        return nowNanos - nextDeadlineNanos() >= 0;
    }

    /** When consent will be lost unless a check is accepted before then. */
    public long nextDeadlineNanos() {
        return anyAccepted ? lastConsentNanos + config.consentTimeoutNanos()
                : createdNanos + config.initialCheckTimeoutNanos();
    }

    /**
     * Starts an ICE restart with new credentials (RFC 8445 §9). The old ones keep working until the first check
     * under the new ones is accepted, which also drops every known address; a second restart before then replaces
     * the pending credentials.
     *
     * @throws IllegalArgumentException under the same rules as the constructor
     */
    public void restart(String newLocalUfrag, String newLocalPassword, String newRemoteUfrag,
                        String newRemotePassword) {
        pending = new IceCredentials(newLocalUfrag, newLocalPassword, newRemoteUfrag, newRemotePassword);
    }

    /** Whether a restart is waiting for its first accepted check. */
    public boolean restartPending() {
        return pending != null;
    }

    /** Our current ufrag (the old one while a restart is pending). */
    public String localUfrag() {
        return current.localUfrag;
    }

    /** The peer's current ufrag, or null when any is accepted. */
    public String remoteUfrag() {
        return current.remoteUfrag;
    }

    /** The peer's current password as signaled (unused by a lite agent, which sends no checks), or null. */
    public String remotePassword() {
        return current.remotePassword;
    }

    private void retireOldCredentials() {
        current = pending;
        pending = null;
        for (int i = 0; i < addressCount; i++) {
            addresses[i] = null;
        }
        addressCount = 0;
        selected = null;
        nominated = false;
    }

    private int slotOf(InetSocketAddress address) {
        for (int i = 0; i < addressCount; i++) {
            if (addresses[i].equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /** A free slot, else the slot of the stalest address that lost consent and is not selected, else -1. */
    private int claimSlot(long nowNanos) {
        if (addressCount < addresses.length) {
            return addressCount++;
        }
        int stalest = -1;
        for (int i = 0; i < addressCount; i++) {
            boolean lostConsent = nowNanos - lastCheckNanos[i] >= config.consentTimeoutNanos();
            if (lostConsent && !addresses[i].equals(selected)
                    && (stalest < 0 || lastCheckNanos[i] - lastCheckNanos[stalest] < 0)) {
                stalest = i;
            }
        }
        return stalest;
    }
}
