package net.voxedge.backbone.adapter;

/**
 * What a session asks of its model server.
 *
 * @param sessionId    voxedge's session id (for logs and correlation; never sent as a credential)
 * @param model        model name where the server hosts several, or null
 * @param instructions system instructions, or null
 * @param voice        output voice, or null for the server's default
 */
public record ModelSessionConfig(String sessionId, String model, String instructions, String voice) {
    /** Requires a session id. */
    public ModelSessionConfig {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be blank");
        }
    }
}
