/**
 * First-byte demultiplexing of the datagrams that share the daemon's one UDP port
 * (RFC 7983, RFC 9443), and RTP/RTCP separation under rtcp-mux (RFC 5761).
 */
package net.voxedge.edge.demux;
