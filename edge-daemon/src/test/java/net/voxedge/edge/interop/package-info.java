/**
 * Test-side WebRTC peers that are not ours: headless Chromium ({@link net.voxedge.edge.interop.ChromiumPeer}),
 * libwebrtc through webrtc-java ({@link net.voxedge.edge.interop.LibWebRtcPeer}), and a werift echo stand-in
 * ({@link net.voxedge.edge.interop.WhipEchoWerift}) that speaks the daemon's WHIP shape. They prove the edge
 * daemon interoperates with independent implementations ({@link net.voxedge.edge.interop.EdgeDaemonChromiumTest},
 * {@link net.voxedge.edge.interop.EdgeDaemonLibWebRtcTest}, with the daemon in-process through
 * {@link net.voxedge.edge.interop.TestEdgeDaemon}); tests that use them carry the JUnit tag
 * {@value net.voxedge.edge.interop.InteropTag#NAME} so they can be left out with {@code -DexcludedGroups=interop}.
 */
package net.voxedge.edge.interop;
