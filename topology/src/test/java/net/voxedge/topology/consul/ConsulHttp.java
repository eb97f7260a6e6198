package net.voxedge.topology.consul;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for Consul API tests: independent of the client the code under test uses. */
final class ConsulHttp {

    /** A response: status, X-Consul-Index (-1 when absent) and body. */
    record Reply(int status, long index, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ConsulHttp(String base) {
        this.base = base;
    }

    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    CompletableFuture<Reply> getAsync(String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(ConsulHttp::reply);
    }

    Reply put(String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String pathAndQuery, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).DELETE());
    }

    /** A JSON array of strings, typed. */
    static List<String> strings(JsonArray a) {
        return a.stream().map(String::valueOf).toList();
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            return reply(http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private static Reply reply(HttpResponse<String> r) {
        long index = r.headers().firstValue("X-Consul-Index").map(Long::parseUnsignedLong).orElse(-1L);
        return new Reply(r.statusCode(), index, r.body());
    }
}
