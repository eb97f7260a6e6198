package net.voxedge.backbone.agent;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.voxedge.backbone.codec.Pcm16;

/** A bare WebSocket client for the parrot tests: sends raw text, queues every server event. */
final class RawRealtimeClient implements AutoCloseable {
    /** Bound on any single wait: generous, only there so a broken server fails the test instead of hanging it. */
    static final long WAIT_SECONDS = 20;

    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    /** Every event received, in order (also the ones taken from the queue). */
    final List<JsonObject> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private int barrier;
    /** Counts down when the server closes the connection. */
    final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    RawRealtimeClient(Vertx vertx, int port) {
        client = vertx.createWebSocketClient();
        // Handlers before connecting: the parrot speaks first (session.created).
        io.vertx.core.http.ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(t -> {
            JsonObject e = new JsonObject(t);
            all.add(e);
            events.add(e);
        });
        socket.closeHandler(v -> closed.countDown());
        ws = await(socket.connect(port, "127.0.0.1", ParrotAgentServer.PATH));
    }

    /** Waits a bounded time for {@code f}; a timeout fails the test. */
    static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
        }
    }

    void send(String text) {
        await(ws.writeTextMessage(text));
    }

    void send(JsonObject event) {
        send(event.encode());
    }

    /** Appends PCM16 24 kHz in pieces of {@code chunk} samples. */
    void sendAudio(short[] pcm, int chunk) {
        for (int off = 0; off < pcm.length; off += chunk) {
            int n = Math.min(chunk, pcm.length - off);
            byte[] b = new byte[2 * n];
            Pcm16.toBytes(pcm, off, n, b, 0);
            send(new JsonObject().put("type", "input_audio_buffer.append").put("audio", Base64.getEncoder().encodeToString(b)));
        }
    }

    /** The next event, whatever it is. */
    JsonObject next() {
        try {
            JsonObject e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event from the parrot within " + WAIT_SECONDS + " s");
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Skips events until one of {@code type}; returns it. */
    JsonObject awaitType(String type) {
        while (true) {
            JsonObject e = next();
            if (type.equals(e.getString("type"))) {
                return e;
            }
        }
    }

    /**
     * Everything the parrot sends in answer to messages sent so far, up to a marker: messages are
     * handled in order, so once the error for a deliberately bad event comes back, everything
     * sent before it has been processed. Returns the events before the marker.
     */
    List<JsonObject> drainToBarrier() {
        String marker = "barrier_" + barrier++;
        send(new JsonObject().put("type", "voxedge.barrier").put("event_id", marker));
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            JsonObject e = next();
            if ("error".equals(e.getString("type")) && marker.equals(e.getJsonObject("error").getString("event_id"))) {
                return seen;
            }
            seen.add(e);
        }
    }

    /** The WebSocket close status the server sent, once closed. */
    Short closeStatus() {
        return ws.closeStatusCode();
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            client.close();
            return;
        }
        await(ws.close());
        client.close();
    }
}
