/**
 * ICE-lite (RFC 8445 §2.5, §7.3) and consent freshness (RFC 7675) for one session:
 * {@link net.voxedge.edge.ice.IceLiteSession} judges Binding requests, keeps the capped set of peer addresses that
 * proved the password, tracks the selected (nominated) address and the consent deadline. Time is an argument.
 */
package net.voxedge.edge.ice;
