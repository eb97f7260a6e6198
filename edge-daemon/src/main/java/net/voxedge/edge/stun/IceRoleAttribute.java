package net.voxedge.edge.stun;

/** Which ICE role attribute a Binding request written by {@link StunMessageWriter} carries (RFC 8445 §7.1.3). */
public enum IceRoleAttribute {
    /** Neither ICE-CONTROLLING nor ICE-CONTROLLED (plain STUN, not an ICE check). */
    NONE,
    /** ICE-CONTROLLING with the tie-breaker: the sender is the controlling agent. */
    CONTROLLING,
    /** ICE-CONTROLLED with the tie-breaker: the sender is the controlled agent. */
    CONTROLLED
}
