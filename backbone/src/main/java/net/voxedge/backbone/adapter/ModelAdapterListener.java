package net.voxedge.backbone.adapter;

/**
 * What a {@link ModelAdapter} reports for one session, on the adapter's event-loop thread. Every
 * method has an empty default so that a gateway implements only what it uses.
 */
public interface ModelAdapterListener {
    /**
     * One 20 ms Opus frame (48 kHz mono) of agent audio, in order. The array is reused after the
     * call: copy what you keep.
     *
     * @param responseId   the model's response
     * @param itemId       the output item the audio belongs to (what a later cancel names)
     * @param itemOffsetMs where this frame starts within the item (0, 20, 40, ...)
     * @param mediaTs48k   the session's agent-audio timestamp at 48 kHz (+960 per frame, across responses)
     */
    default void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k,
                              byte[] opus, int off, int len) {}

    /** The model heard the user start speaking ({@code audioStartMs} into the input stream). */
    default void onSpeechStarted(String itemId, long audioStartMs) {}

    /** The model heard the user stop speaking. */
    default void onSpeechStopped(String itemId, long audioEndMs) {}

    /** The model started a response. */
    default void onResponseStarted(String responseId) {}

    /** A response ended: completed, cancelled (after a barge-in) or failed. */
    default void onResponseDone(String responseId, ResponseStatus status) {}

    /** The model reported an error, or its events could not be read; the session goes on. */
    default void onError(String code, String message) {}

    /** The connection to the model is gone (closed by either side or failed); called once. */
    default void onClosed(String reason) {}
}
