package net.voxedge.backbone.gateway;

/** Where a {@link GatewaySession} sends agent audio: the tunnel link, stream 1, best effort. */
@FunctionalInterface
public interface AgentFrameSink {
    /**
     * Sends one agent frame; the payload ({@code AgentAudioPayload}) is valid during the call only.
     * Returns false when the link refused it (no key, no room in the stream table).
     */
    boolean sendAgentFrame(long session, int seq, int mediaTs, byte[] payload, int off, int len);
}
