package net.voxedge.topology;

import java.net.InetSocketAddress;

/**
 * One machine of a PoP. {@code id} (0..255) is the host byte of the routing token;
 * {@code bind} is the media address the daemon's UDP socket binds on that machine.
 */
public record Host(int id, String name, InetSocketAddress bind) {
}
