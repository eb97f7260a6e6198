package net.voxedge.loadgen.signaling;

import java.util.concurrent.CompletableFuture;

/**
 * How a generated session gets its offer answered and later ends the call: WHIP against our
 * edge ({@link WhipSignaling}), the REST API of Janus's echotest plugin ({@link JanusSignaling}).
 * Implementations are thread-safe; futures complete on the HTTP client's threads.
 */
public interface Signaling extends AutoCloseable {
    /** An answered offer: the answer SDP and whatever {@link #hangUp} needs. */
    record Call(String answerSdp, String resource) {
    }

    /** Sends {@code offerSdp}; completes with the answer, or exceptionally with a message a person can act on. */
    CompletableFuture<Call> open(String offerSdp);

    /** Ends the call (WHIP DELETE, Janus detach). Never completes exceptionally. */
    CompletableFuture<Void> hangUp(Call call);

    /** For reports: "whip", "janus". */
    String name();

    /** Releases what the adapter holds (a Janus session). */
    @Override
    void close();
}
