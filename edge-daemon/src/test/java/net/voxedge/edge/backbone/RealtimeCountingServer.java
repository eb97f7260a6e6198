package net.voxedge.edge.backbone;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A model server speaking the Realtime protocol subset (backbone/README.md) that only listens: per
 * WebSocket connection it keeps every {@code session.update} and the PCM16 of every
 * {@code input_audio_buffer.append}, concatenated in arrival order, so a test can compare what
 * reached "the model" with what the user said, sample for sample. It never answers.
 */
final class RealtimeCountingServer implements AutoCloseable {
    static final String PATH = "/v1/realtime";

    /** What one model connection received. */
    static final class Connection {
        final List<JsonObject> sessionUpdates = new CopyOnWriteArrayList<>();
        final List<String> otherEvents = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        private int appends;
        volatile boolean closed;

        private synchronized void append(byte[] bytes) {
            pcm.writeBytes(bytes);
            appends++;
        }

        /** PCM16 LE, 24 kHz, every append so far in order. */
        synchronized byte[] pcm() {
            return pcm.toByteArray();
        }

        synchronized int pcmBytes() {
            return pcm.size();
        }

        synchronized int appends() {
            return appends;
        }
    }

    final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final int port;

    private RealtimeCountingServer(Vertx vertx) throws Exception {
        this.server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketMessageSize(4 << 20)
                .setMaxWebSocketFrameSize(1 << 20));
        server.webSocketHandler(ws -> {
            if (!PATH.equals(ws.path())) {
                ws.close((short) 1008);
                return;
            }
            Connection c = new Connection();
            connections.add(c);
            ws.textMessageHandler(text -> {
                JsonObject e = new JsonObject(text);
                String type = e.getString("type", "");
                switch (type) {
                    case "session.update" -> c.sessionUpdates.add(e);
                    case "input_audio_buffer.append" -> c.append(Base64.getDecoder().decode(e.getString("audio")));
                    default -> c.otherEvents.add(type);
                }
            });
            ws.closeHandler(v -> c.closed = true);
        });
        this.port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    }

    static RealtimeCountingServer start(Vertx vertx) throws Exception {
        return new RealtimeCountingServer(vertx);
    }

    String url() {
        return "ws://127.0.0.1:" + port + PATH;
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
