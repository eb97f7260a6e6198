package net.voxedge.loadgen.signaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * WHIP (RFC 9725) as our edge speaks it: {@code POST <calls url>} with the offer as
 * {@code application/sdp} and {@code Authorization: Bearer <token>}; 201 with a Location and the
 * answer; {@code DELETE <location>} to hang up.
 */
public final class WhipSignaling implements Signaling {
    private final URI callsUrl;
    private final String bearer;
    private final HttpClient http;

    public WhipSignaling(URI callsUrl, String token) {
        this.callsUrl = callsUrl;
        this.bearer = "Bearer " + token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public CompletableFuture<Call> open(String offerSdp) {
        HttpRequest req = HttpRequest.newBuilder(callsUrl).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offerSdp)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
            if (res.statusCode() != 201) {
                throw new IllegalStateException("WHIP POST answered " + res.statusCode() + ": " + abbreviate(res.body()));
            }
            String location = res.headers().firstValue("Location")
                    .orElseThrow(() -> new IllegalStateException("WHIP 201 without a Location header"));
            return new Call(res.body(), callsUrl.resolve(location).toString());
        });
    }

    @Override
    public CompletableFuture<Void> hangUp(Call call) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(call.resource())).timeout(Duration.ofSeconds(5))
                .header("Authorization", bearer).DELETE().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> null);
    }

    @Override
    public String name() {
        return "whip";
    }

    @Override
    public void close() {
        http.close();
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.strip().replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
