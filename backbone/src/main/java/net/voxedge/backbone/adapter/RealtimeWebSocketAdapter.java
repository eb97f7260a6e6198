package net.voxedge.backbone.adapter;

import io.vertx.core.Context;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ModelAdapter} over a WebSocket speaking OpenAI-Realtime-style events (the protocol is in
 * backbone/README.md). The thin IO shell around {@link RealtimeClientSession}: it connects, sends
 * the session's messages (holding a bounded number until the handshake is done), feeds server
 * messages in, flushes batched user audio every {@code batchMs}, and turns every failure into a
 * listener call. Everything runs on one Vert.x context — the caller's if it is on one — so a
 * gateway on the same event loop pays no thread hop; calls from other threads are moved there.
 */
public final class RealtimeWebSocketAdapter implements ModelAdapter {
    private static final Logger log = LoggerFactory.getLogger(RealtimeWebSocketAdapter.class);

    private final Context context;
    private final WebSocketClient client;
    private final RealtimeClientSession session;
    private final RealtimeAdapterMetrics metrics;
    private final String sessionId;
    private final int maxPending;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private long flushTimer = -1;
    private WebSocket socket;
    private boolean closed;

    private RealtimeWebSocketAdapter(Vertx vertx, Context context, RealtimeAdapterConfig config, ModelSessionConfig sessionConfig,
                                     ModelAdapterListener listener, RealtimeAdapterMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
        this.sessionId = sessionConfig.sessionId();
        this.maxPending = config.maxPendingMessages();
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(config.maxMessageChars() * 4)
                .setMaxFrameSize(Math.min(config.maxMessageChars() * 4, 1 << 20)));
        this.session = new RealtimeClientSession(sessionConfig, config.codec(), config.encoder(), config.batchMs(),
                this::write, new SafeListener(listener, sessionId), metrics);
    }

    /**
     * Opens a session: connects to {@code config.url()} and sends {@code session.update} once
     * connected. Returns at once; a connection failure reaches {@code listener.onClosed}.
     */
    public static RealtimeWebSocketAdapter open(Vertx vertx, RealtimeAdapterConfig config, ModelSessionConfig sessionConfig,
                                                ModelAdapterListener listener, RealtimeAdapterMetrics metrics) {
        Context current = Vertx.currentContext();
        Context context = current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
        RealtimeWebSocketAdapter adapter = new RealtimeWebSocketAdapter(vertx, context, config, sessionConfig, listener, metrics);
        adapter.onContext(() -> adapter.connect(config));
        return adapter;
    }

    private void connect(RealtimeAdapterConfig config) {
        session.start();
        // Set here, on our context, so that the flush runs on the same thread as everything else.
        flushTimer = context.owner().setPeriodic(config.batchMs(), config.batchMs(), id -> session.flushUserAudio());
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(config.url())
                .setConnectTimeout(config.connectTimeoutMs())
                .setTimeout(config.connectTimeoutMs());
        if (config.bearerToken() != null) {
            options.addHeader("Authorization", "Bearer " + config.bearerToken());
        }
        log.info("session {}: connecting to model server {}", sessionId, config.url());
        // Handlers go on before the handshake: a server may speak first (session.created).
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(text -> {
            try {
                session.onServerMessage(text);
            } catch (RuntimeException e) {
                // The core should not throw; if it does the session must survive the message.
                log.error("session {}: unexpected failure handling a model event", sessionId, e);
            }
        });
        ws.binaryMessageHandler(b -> metrics.eventsUnknown.increment());
        ws.exceptionHandler(e -> log.warn("session {}: model connection error: {}", sessionId, e.toString()));
        ws.closeHandler(v -> {
            log.info("session {}: model server closed the connection (status {})", sessionId, ws.closeStatusCode());
            shutdown("closed by model server" + (ws.closeReason() != null ? ": " + ws.closeReason() : ""));
        });
        ws.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("session {}: model server {} unreachable: {}", sessionId, config.url(), ar.cause().toString());
                shutdown("connect failed: " + ar.cause().getMessage());
                return;
            }
            if (closed) {
                ws.close();
                return;
            }
            socket = ws;
            log.info("session {}: connected to model server", sessionId);
            while (!pending.isEmpty()) {
                ws.writeTextMessage(pending.poll());
            }
        });
    }

    private void write(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            if (pending.size() >= maxPending) {
                metrics.messagesDropped.increment();
                return;
            }
            pending.add(text);
            return;
        }
        ws.writeTextMessage(text).onFailure(e -> metrics.messagesDropped.increment());
    }

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    @Override
    public void sendUserAudio(byte[] opus, int off, int len, long seq, long mediaTs48k) {
        if (Vertx.currentContext() == context) {
            session.onUserAudio(opus, off, len, seq, mediaTs48k);
            return;
        }
        // Another thread owns the array once we return: copy before moving to our context.
        byte[] copy = java.util.Arrays.copyOfRange(opus, off, off + Math.max(0, Math.min(len, opus.length - off)));
        context.runOnContext(v -> session.onUserAudio(copy, 0, copy.length, seq, mediaTs48k));
    }

    @Override
    public void cancel(String itemId, long playedMs) {
        onContext(() -> {
            log.info("session {}: barge-in, cancel item {} after {} ms played", sessionId, itemId, playedMs);
            session.cancel(itemId, playedMs);
        });
    }

    @Override
    public void close() {
        onContext(() -> {
            if (!closed) {
                log.info("session {}: closing the model connection", sessionId);
            }
            shutdown("closed by gateway");
        });
    }

    private void shutdown(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (flushTimer >= 0) {
            context.owner().cancelTimer(flushTimer);
        }
        pending.clear();
        if (socket != null && !socket.isClosed()) {
            session.flushUserAudio();
            socket.close();
        }
        session.onClosed(reason);
        client.close();
    }

    /** Keeps a listener's exception from escaping into Vert.x (and from skipping our own bookkeeping). */
    private record SafeListener(ModelAdapterListener inner, String sessionId) implements ModelAdapterListener {
        @Override
        public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k, byte[] opus, int off, int len) {
            try {
                inner.onAgentAudio(responseId, itemId, itemOffsetMs, mediaTs48k, opus, off, len);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on agent audio", sessionId, e);
            }
        }

        @Override
        public void onSpeechStarted(String itemId, long audioStartMs) {
            try {
                inner.onSpeechStarted(itemId, audioStartMs);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on speech started", sessionId, e);
            }
        }

        @Override
        public void onSpeechStopped(String itemId, long audioEndMs) {
            try {
                inner.onSpeechStopped(itemId, audioEndMs);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on speech stopped", sessionId, e);
            }
        }

        @Override
        public void onResponseStarted(String responseId) {
            log.debug("session {}: response {} started", sessionId, responseId);
            try {
                inner.onResponseStarted(responseId);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on response started", sessionId, e);
            }
        }

        @Override
        public void onResponseDone(String responseId, ResponseStatus status) {
            log.debug("session {}: response {} {}", sessionId, responseId, status);
            try {
                inner.onResponseDone(responseId, status);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on response done", sessionId, e);
            }
        }

        @Override
        public void onError(String code, String message) {
            log.warn("session {}: model error {}: {}", sessionId, code, message);
            try {
                inner.onError(code, message);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on error", sessionId, e);
            }
        }

        @Override
        public void onClosed(String reason) {
            try {
                inner.onClosed(reason);
            } catch (RuntimeException e) {
                log.error("session {}: listener failed on close", sessionId, e);
            }
        }
    }
}
