package net.voxedge.loadgen.signaling;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Janus's echotest plugin over its plain REST API (recipes/webrtc-peers.md): one Janus session per
 * run ({@code create}), one plugin handle per generated call ({@code attach}
 * janus.plugin.echotest), the offer as a {@code message} with {@code jsep}, and the answer taken
 * from the session's long poll ({@code GET /janus/<session>?maxev=N}) by the handle that sent it.
 * One session for all handles keeps Janus's HTTP transport to a single pending long poll however
 * many calls run; a keepalive every 20 s covers quiet stretches. Hang-up is {@code detach}; closing
 * the adapter destroys the session.
 */
public final class JanusSignaling implements Signaling {
    private static final Logger log = LoggerFactory.getLogger(JanusSignaling.class);

    private final URI base;
    private final HttpClient http;
    private final AtomicLong tx = new AtomicLong();
    private final Map<Long, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private volatile long session;
    private volatile boolean closed;
    private Thread poller;
    private volatile long lastKeepaliveNanos;

    /** @param base Janus's REST root, e.g. {@code http://127.0.0.1:8088/janus} */
    public JanusSignaling(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Creates the Janus session and starts the long poll; call once before {@link #open}. */
    public synchronized void start() throws Exception {
        if (session != 0) {
            return;
        }
        JanusReply r = postSync(base, new JsonObject().put("janus", "create"));
        if (!"success".equals(r.kind()) || r.dataId() == 0) {
            throw new IllegalStateException("Janus create answered " + r.kind() + " " + r.error());
        }
        session = r.dataId();
        lastKeepaliveNanos = System.nanoTime();
        poller = Thread.ofVirtual().name("janus-poll").start(this::poll);
        log.info("Janus session {} at {}", session, base);
    }

    @Override
    public CompletableFuture<Call> open(String offerSdp) {
        if (session == 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("JanusSignaling.start() was not called"));
        }
        URI sessionUri = URI.create(base + "/" + session);
        return postAsync(sessionUri, new JsonObject().put("janus", "attach").put("plugin", "janus.plugin.echotest"))
                .thenCompose(attached -> {
                    if (!"success".equals(attached.kind()) || attached.dataId() == 0) {
                        throw new IllegalStateException("Janus attach answered " + attached.kind() + " " + attached.error());
                    }
                    long handle = attached.dataId();
                    CompletableFuture<String> answer = new CompletableFuture<>();
                    answers.put(handle, answer);
                    JsonObject msg = new JsonObject().put("janus", "message")
                            .put("body", new JsonObject().put("audio", true).put("video", false))
                            .put("jsep", new JsonObject().put("type", "offer").put("sdp", offerSdp).put("trickle", false));
                    String resource = sessionUri + "/" + handle;
                    return postAsync(URI.create(resource), msg).thenCompose(ack -> {
                        if ("error".equals(ack.kind())) {
                            answers.remove(handle);
                            throw new IllegalStateException("Janus message answered error " + ack.error());
                        }
                        if (ack.jsepSdp() != null) { // a synchronous plugin reply carries the answer itself
                            answers.remove(handle);
                            answer.complete(ack.jsepSdp());
                        }
                        return answer.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                                .whenComplete((a, e) -> answers.remove(handle))
                                .thenApply(sdp -> new Call(sdp, resource));
                    });
                });
    }

    @Override
    public CompletableFuture<Void> hangUp(Call call) {
        return postAsync(URI.create(call.resource()), new JsonObject().put("janus", "detach"))
                .handle((r, e) -> null);
    }

    @Override
    public String name() {
        return "janus";
    }

    @Override
    public void close() {
        closed = true;
        if (session != 0) {
            try {
                postSync(URI.create(base + "/" + session), new JsonObject().put("janus", "destroy"));
            } catch (Exception e) {
                log.warn("Janus destroy of session {} failed: {}", session, e.toString());
            }
        }
        if (poller != null) {
            poller.interrupt();
        }
        answers.values().forEach(f -> f.completeExceptionally(new IllegalStateException("signaling closed")));
        http.close();
    }

    private void poll() {
        URI uri = URI.create(base + "/" + session + "?maxev=10");
        while (!closed) {
            try {
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40)).GET().build();
                String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
                List<JanusReply> events = JanusReply.parseAll(body);
                for (JanusReply e : events) {
                    if (e.jsepSdp() != null && "answer".equals(e.jsepType())) {
                        CompletableFuture<String> f = answers.get(e.sender());
                        if (f != null) {
                            f.complete(e.jsepSdp());
                        }
                    } else if (e.error() != null && e.sender() != 0) {
                        CompletableFuture<String> f = answers.get(e.sender());
                        if (f != null) {
                            f.completeExceptionally(new IllegalStateException("echotest error: " + e.error()));
                        }
                    }
                }
                keepaliveIfDue();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!closed) {
                    log.warn("Janus long poll failed: {}", e.toString());
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void keepaliveIfDue() {
        long now = System.nanoTime();
        if (now - lastKeepaliveNanos > 20_000_000_000L) {
            lastKeepaliveNanos = now;
            postAsync(URI.create(base + "/" + session), new JsonObject().put("janus", "keepalive"));
        }
    }

    private HttpRequest request(URI uri, JsonObject body) {
        body.put("transaction", "lg" + tx.incrementAndGet());
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    }

    private JanusReply postSync(URI uri, JsonObject body) throws Exception {
        return JanusReply.parse(http.send(request(uri, body), HttpResponse.BodyHandlers.ofString()).body());
    }

    private CompletableFuture<JanusReply> postAsync(URI uri, JsonObject body) {
        return http.sendAsync(request(uri, body), HttpResponse.BodyHandlers.ofString())
                .thenApply(res -> JanusReply.parse(res.body()));
    }
}
