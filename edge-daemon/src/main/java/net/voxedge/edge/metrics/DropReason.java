package net.voxedge.edge.metrics;

import java.util.Locale;

/**
 * Why the media port dropped a datagram. Every drop is counted under exactly one reason, so an
 * operator can tell an attack (bad MACs, unknown sources) from a bug (malformed SRTP) at a glance.
 */
public enum DropReason {
    EMPTY,
    UNKNOWN_PACKET_CLASS,
    OVERSIZED,
    UNKNOWN_SOURCE,
    STUN_MALFORMED,
    STUN_NOT_BINDING_REQUEST,
    STUN_NO_USERNAME,
    TOKEN_MALFORMED,
    TOKEN_UNKNOWN_KEY,
    TOKEN_BAD_MAC,
    TOKEN_EXPIRED,
    TOKEN_OTHER_HOST,
    SESSION_UNKNOWN,
    ICE_BAD_USERNAME,
    ICE_NO_FINGERPRINT,
    ICE_BAD_FINGERPRINT,
    ICE_NO_INTEGRITY,
    ICE_BAD_INTEGRITY,
    ICE_NO_PRIORITY,
    ICE_ROLE_CONFLICT,
    ICE_UNKNOWN_ATTRIBUTES,
    ICE_TOO_MANY_ADDRESSES,
    STUN_RESPONSE_UNMATCHED,
    DTLS_QUEUE_FULL,
    DTLS_AFTER_CLOSE,
    /**
     * A DTLS record after the session let go of its association (the client's SRTP proved its
     * handshake done): e.g. the peer's close_notify, or a retransmission reordered behind media.
     */
    DTLS_AFTER_RELEASE,
    /** SRTP/SRTCP with no DTLS handshake under way to bring keys. */
    RTP_BEFORE_KEYS,
    /** SRTP/SRTCP that arrived during the handshake beyond what a session holds for the keys. */
    RTP_HOLD_OVERFLOW,
    /** Held SRTP/SRTCP thrown away because the handshake failed or the session ended first. */
    RTP_HELD_DISCARDED,
    RTP_MALFORMED,
    RTCP_MALFORMED,
    SRTP_AUTH_FAILED,
    SRTP_REPLAYED,
    SRTP_TOO_OLD,
    SRTP_REJECTED,
    /** A relay frame from an address that is not in {@code relay.peers} (or the relay is off). */
    RELAY_UNKNOWN_PEER,
    /** A relay frame that does not parse. */
    RELAY_MALFORMED,
    /** A relay frame whose tag is wrong or names an unknown key. */
    RELAY_BAD_TAG,
    /** A valid token naming a host that is not in {@code relay.peers}. */
    RELAY_NO_PEER,
    /** A relayed binding request whose token names yet another host: never relayed twice. */
    RELAY_LOOP,
    /** The relay binding or route table is at {@code relay.maxBindings}. */
    RELAY_TABLE_FULL,
    /** An owner's datagram for a client with no relay binding here (only a binding success creates one). */
    RELAY_UNBOUND_CLIENT,
    /** An owner's datagram for a client bound to another owner. */
    RELAY_WRONG_OWNER,
    /** A relay frame naming a media socket this host does not have, or one of the wrong address family. */
    RELAY_BAD_SOCKET,
    /** At the owner: a relayed datagram that is not a binding request, from a client with no route. */
    RELAY_UNKNOWN_ROUTE,
    /** At the owner: a reply to a relayed client whose route has expired. */
    RELAY_ROUTE_GONE,
    HANDOFF_FAILED,
    WORKER_ERROR;

    /** The Prometheus label value: lower case, as operators type it into queries. */
    public final String label = name().toLowerCase(Locale.ROOT);
}
