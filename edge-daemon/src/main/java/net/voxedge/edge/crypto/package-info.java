/**
 * Cryptographic building blocks the hot path needs and the JDK's APIs do not give without allocating:
 * {@link net.voxedge.edge.crypto.Hmac} (HMAC-SHA1 for SRTP and STUN, HMAC-SHA256 for routing tokens).
 */
package net.voxedge.edge.crypto;
