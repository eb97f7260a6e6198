package net.voxedge.topology.consul;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * One Consul blocking-query loop: ask with the last index, hand over the answer, ask again. The
 * index rules are the documented ones: start at 0; keep the answer's {@code X-Consul-Index}; if it
 * went backwards (the agent lost its state) start over from 0. On failure it waits (doubling
 * backoff) and asks again without an index, so the first answer after an outage is immediate.
 * Runs on the Vert.x context it is started on.
 */
final class BlockingWatch<T> {

    private final Vertx vertx;
    private final LongFunction<Future<T>> query;
    private final ToLongFunction<T> indexOf;
    private final Consumer<T> onAnswer;
    private final Consumer<Throwable> onFailure;
    private final Backoff backoff;
    private final long noIndexPauseMs;
    private long index;
    private boolean running;
    private long timer = -1;

    /**
     * @param query          asks with the given index (0: answer at once)
     * @param indexOf        the index an answer carries (0 when the client could not tell)
     * @param noIndexPauseMs the pause before asking again after an answer without an index, which cannot block
     */
    BlockingWatch(Vertx vertx, LongFunction<Future<T>> query, ToLongFunction<T> indexOf, Consumer<T> onAnswer,
                  Consumer<Throwable> onFailure, Backoff backoff, long noIndexPauseMs) {
        this.vertx = vertx;
        this.query = query;
        this.indexOf = indexOf;
        this.onAnswer = onAnswer;
        this.onFailure = onFailure;
        this.backoff = backoff;
        this.noIndexPauseMs = noIndexPauseMs;
    }

    void start() {
        running = true;
        ask();
    }

    void stop() {
        running = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void ask() {
        timer = -1;
        if (!running) {
            return;
        }
        Future<T> f;
        try {
            f = query.apply(index);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            if (!running) {
                return;
            }
            if (ar.failed()) {
                index = 0;
                onFailure.accept(ar.cause());
                timer = vertx.setTimer(backoff.nextDelayMs(), id -> ask());
                return;
            }
            backoff.reset();
            long got = indexOf.applyAsLong(ar.result());
            index = Long.compareUnsigned(got, index) < 0 ? 0 : got;
            onAnswer.accept(ar.result());
            if (got == 0) {
                timer = vertx.setTimer(noIndexPauseMs, id -> ask());
            } else {
                ask();
            }
        });
    }
}
