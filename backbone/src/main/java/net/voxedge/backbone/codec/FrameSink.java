package net.voxedge.backbone.codec;

/** Receives encoded Opus frames; the array is reused after the call returns (copy what you keep). */
@FunctionalInterface
public interface FrameSink {
    /** One 20 ms Opus packet in {@code packet[off .. off+len)}. */
    void onFrame(byte[] packet, int off, int len);
}
