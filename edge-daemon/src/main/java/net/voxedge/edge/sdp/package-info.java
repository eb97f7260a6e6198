/**
 * SDP offer/answer for an audio-only, ICE-lite WebRTC server: parsing a browser's offer with
 * errors a developer can act on (they become HTTP 400 bodies), and building the answer
 * (RFC 8829 JSEP, RFC 8839 ICE SDP, RFC 8842 DTLS SDP, RFC 8843 BUNDLE).
 */
package net.voxedge.edge.sdp;
