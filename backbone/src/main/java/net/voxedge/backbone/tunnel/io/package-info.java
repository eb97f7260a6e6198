/**
 * The tunnel's thin IO layer: a Netty UDP endpoint that hosts {@link net.voxedge.backbone.tunnel.TunnelLink}s
 * by peer address, drives their timers and exports their figures to Micrometer.
 */
package net.voxedge.backbone.tunnel.io;
