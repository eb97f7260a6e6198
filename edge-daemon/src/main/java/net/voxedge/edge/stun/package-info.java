/**
 * STUN (RFC 8489) as ICE needs it: {@link net.voxedge.edge.stun.StunMessage} reads a datagram in place without
 * allocating, {@link net.voxedge.edge.stun.StunMessageWriter} writes Binding requests and responses into a
 * caller's array. Checked against the RFC 5769 test vectors. Sans-IO: no sockets, clocks or logging.
 */
package net.voxedge.edge.stun;
