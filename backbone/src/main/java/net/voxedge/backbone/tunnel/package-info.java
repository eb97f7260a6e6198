/**
 * The edge ↔ inference-cluster media tunnel, sans-IO: frame codec, AEAD, anti-replay, reliable and
 * best-effort media streams, control messages and link probes. Bytes and time go in, datagrams and
 * events come out; no sockets, threads or clocks here (see {@code backbone/PROTOCOL.md}).
 * The IO layer lives in {@link net.voxedge.backbone.tunnel.io}.
 */
package net.voxedge.backbone.tunnel;
