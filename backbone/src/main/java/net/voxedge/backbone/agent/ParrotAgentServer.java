package net.voxedge.backbone.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.concurrent.atomic.AtomicLong;
import net.voxedge.backbone.adapter.RealtimeEventReader;
import net.voxedge.backbone.adapter.ResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference model server: a Vert.x HTTP server whose WebSocket endpoint {@value #PATH} speaks
 * the Realtime subset (backbone/README.md) through one {@link ParrotSession} per connection, and
 * paces reply deltas with a timer at {@link ParrotConfig#speed()} × real time.
 */
public final class ParrotAgentServer {
    /** The WebSocket path, as OpenAI's Realtime API has it. */
    public static final String PATH = "/v1/realtime";
    private static final Logger log = LoggerFactory.getLogger(ParrotAgentServer.class);

    private final Vertx vertx;
    private final ParrotConfig config;
    private final int maxMessageChars;
    private final AtomicLong connections = new AtomicLong();
    private HttpServer server;

    /** A server (not yet listening) on {@code vertx}. */
    public ParrotAgentServer(Vertx vertx, ParrotConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.maxMessageChars = RealtimeEventReader.DEFAULT_MAX_MESSAGE_CHARS;
    }

    /** Listens on {@code host:port} (0 = an ephemeral port); completes with the bound port. */
    public Future<Integer> start(String host, int port) {
        // Twice the reader's bound: a message between the two gets an error event (the connection
        // lives on); only beyond it does Vert.x close the connection (1009, message too big).
        server = vertx.createHttpServer(new HttpServerOptions()
                .setMaxWebSocketMessageSize(2 * maxMessageChars)
                .setMaxWebSocketFrameSize(Math.min(maxMessageChars, 1 << 16)));
        server.webSocketHandshakeHandler(this::handshake);
        server.webSocketHandler(this::connected);
        server.requestHandler(req -> req.response().setStatusCode(404).end("the parrot speaks WebSocket at " + PATH + "\n"));
        return server.listen(port, host).map(s -> {
            log.info("parrot agent listening on ws://{}:{}{} (speed {}x, reply {} ms after speech ends)",
                    host, s.actualPort(), PATH, config.speed(), config.responseDelayMs());
            return s.actualPort();
        });
    }

    private void handshake(ServerWebSocketHandshake handshake) {
        if (PATH.equals(handshake.path())) {
            handshake.accept();
        } else {
            log.info("refused a WebSocket to {} (the parrot is at {})", handshake.path(), PATH);
            handshake.reject(404);
        }
    }

    private void connected(ServerWebSocket ws) {
        long id = connections.incrementAndGet();
        String name = "conn-" + id + " " + ws.remoteAddress();
        log.info("{}: connected", name);
        Connection c = new Connection(ws, name);
        ws.textMessageHandler(c::onText);
        ws.binaryMessageHandler(b -> c.onText("(binary frame)"));
        ws.exceptionHandler(e -> {
            // Vert.x reports a message over the size limit (and broken frames) here and keeps the
            // connection: a client that sends those is not one to keep talking to.
            log.warn("{}: closing: {}", name, e.toString());
            if (!ws.isClosed()) {
                boolean tooBig = String.valueOf(e.getMessage()).contains("max message size");
                ws.close(tooBig ? (short) 1009 : (short) 1011, tooBig ? "message too big" : "protocol error");
            }
        });
        ws.closeHandler(v -> c.closed());
        c.session.onOpen();
    }

    /** Closes the server. */
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** One WebSocket: the session and its delta timer. */
    private final class Connection implements ParrotObserver {
        private final ServerWebSocket ws;
        private final String name;
        private final ParrotSession session;
        private long timer = -1;

        Connection(ServerWebSocket ws, String name) {
            this.ws = ws;
            this.name = name;
            this.session = new ParrotSession(config, maxMessageChars, this::send, this);
        }

        private void send(String text) {
            if (!ws.isClosed()) {
                ws.writeTextMessage(text);
            }
        }

        void onText(String text) {
            try {
                session.onMessage(text);
                pace();
            } catch (RuntimeException e) {
                log.error("{}: unexpected failure handling a message", name, e);
            }
        }

        /** Starts the delta timer when a reply began; the first chunk goes out at once. */
        private void pace() {
            if (timer >= 0 || !session.responseActive()) {
                return;
            }
            if (!session.emitChunk()) {
                return;
            }
            timer = vertx.setPeriodic(config.deltaIntervalMs(), t -> {
                try {
                    if (!session.emitChunk()) {
                        stopTimer();
                    }
                } catch (RuntimeException e) {
                    log.error("{}: unexpected failure sending a reply", name, e);
                    stopTimer();
                }
            });
        }

        private void stopTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        void closed() {
            stopTimer();
            log.info("{}: closed after {} ms of input audio", name, session.streamMs());
        }

        @Override
        public void speechStarted(String itemId, long audioStartMs) {
            log.info("{}: speech started at {} ms ({})", name, audioStartMs, itemId);
        }

        @Override
        public void speechStopped(String itemId, long audioEndMs, long recordedMs) {
            log.info("{}: speech stopped at {} ms ({}), {} ms recorded; replying after {} ms of quiet",
                    name, audioEndMs, itemId, recordedMs, config.responseDelayMs());
        }

        @Override
        public void responseStarted(String responseId, String itemId, long audioMs) {
            log.info("{}: {} started: speaking {} ms back as {}", name, responseId, audioMs, itemId);
        }

        @Override
        public void responseDone(String responseId, ResponseStatus status, long sentMs) {
            stopTimerIfIdle();
            log.info("{}: {} {} after {} ms of audio sent", name, responseId, status.wireName(), sentMs);
        }

        private void stopTimerIfIdle() {
            // A cancel ends the reply between two timer ticks: the next tick finds nothing and stops.
            vertx.runOnContext(v -> {
                if (!session.responseActive()) {
                    stopTimer();
                } else if (timer < 0) {
                    pace();
                }
            });
        }

        @Override
        public void clientError(String code, String message) {
            log.warn("{}: refused a client event: {}: {}", name, code, message);
        }
    }
}
