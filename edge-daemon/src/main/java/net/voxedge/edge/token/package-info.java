/**
 * The signed routing token that is our ICE ufrag: it names the PoP and host owning a session, so any worker can
 * route a session's first STUN packet without a lookup, and its MAC means nobody can forge a route.
 * {@link net.voxedge.edge.token.RoutingTokenCodec} mints and verifies it under rotating
 * {@link net.voxedge.edge.token.RoutingKeys}.
 */
package net.voxedge.edge.token;
