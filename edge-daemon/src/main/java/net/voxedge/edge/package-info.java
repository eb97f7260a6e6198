/** The per-PoP edge daemon: WebRTC termination on one UDP port, and its HTTP signaling. */
package net.voxedge.edge;
