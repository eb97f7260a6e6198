package net.voxedge.backbone.tunnel;

/** How the stream machinery hands a plaintext body to the link for sealing and sending. */
interface FrameOutput {
    /** Seals and transmits one body; false when it could not (no key, numbers exhausted). */
    boolean transmitBody(FrameType type, byte[] body, int off, int len);
}
