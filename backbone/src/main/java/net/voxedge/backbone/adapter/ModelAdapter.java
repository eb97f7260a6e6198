package net.voxedge.backbone.adapter;

/**
 * One session's connection to a model server, as the cluster gateway sees it: user audio in as
 * the edge delivers it (Opus, 48 kHz, with the session's sequence and media timestamp), barge-in
 * cancels in, and everything the model does comes back through a {@link ModelAdapterListener}.
 * Implementations never throw from these methods: trouble is reported to the listener.
 */
public interface ModelAdapter extends AutoCloseable {
    /**
     * One Opus packet of user audio. Packets must come in sequence order (a late burst after a
     * link outage is fine); a packet whose {@code seq} is not above the last one is dropped and
     * counted, and a small gap is filled with Opus packet-loss concealment.
     *
     * @param seq        the session's packet sequence number (monotonic, no wrap)
     * @param mediaTs48k the packet's media timestamp at 48 kHz
     */
    void sendUserAudio(byte[] opus, int off, int len, long seq, long mediaTs48k);

    /**
     * Barge-in: the edge stopped playing agent audio after {@code playedMs} of item {@code itemId}.
     * The model is told to stop the response and to forget what the user never heard.
     */
    void cancel(String itemId, long playedMs);

    /** Ends the session's model connection; the listener's {@code onClosed} follows. Idempotent. */
    @Override
    void close();
}
