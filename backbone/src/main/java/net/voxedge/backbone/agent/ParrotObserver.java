package net.voxedge.backbone.agent;

import net.voxedge.backbone.adapter.ResponseStatus;

/** What a {@link ParrotSession} did, for the IO layer's logs and tests; all methods optional. */
public interface ParrotObserver {
    /** The VAD heard speech begin. */
    default void speechStarted(String itemId, long audioStartMs) {}

    /** The VAD heard speech end; {@code recordedMs} of it will be spoken back. */
    default void speechStopped(String itemId, long audioEndMs, long recordedMs) {}

    /** A reply began. */
    default void responseStarted(String responseId, String itemId, long audioMs) {}

    /** A reply ended. */
    default void responseDone(String responseId, ResponseStatus status, long sentMs) {}

    /** The client sent something the parrot refused (answered with an error event). */
    default void clientError(String code, String message) {}
}
