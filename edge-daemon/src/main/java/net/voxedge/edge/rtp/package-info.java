/**
 * RTP and RTCP (RFC 3550) for the edge: allocation-free flyweight parsers and writers over
 * {@code byte[]}, RFC 8285 header extensions with the RFC 6464 audio level, RFC 4585 feedback,
 * receive statistics and round-trip time, all sans-IO (time is passed in).
 */
package net.voxedge.edge.rtp;
