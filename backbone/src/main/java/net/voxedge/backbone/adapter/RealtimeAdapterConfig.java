package net.voxedge.backbone.adapter;

import net.voxedge.backbone.codec.OpusCodec;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.PreferredOpusCodec;

/**
 * How {@link RealtimeWebSocketAdapter} reaches a model server.
 *
 * @param url              WebSocket URL, e.g. {@code ws://127.0.0.1:8700/v1/realtime}
 * @param bearerToken      sent as {@code Authorization: Bearer ...} when not null
 * @param batchMs          user audio per {@code input_audio_buffer.append} (20..1000; 40 is a good trade
 *                         between event overhead and added delay)
 * @param codec            the Opus implementation ({@link PreferredOpusCodec} by default: libopus if present)
 * @param encoder          agent-audio encoder settings
 * @param maxMessageChars  largest server message accepted (bigger ones close nothing but are refused)
 * @param connectTimeoutMs how long to wait for the WebSocket handshake
 * @param maxPendingMessages messages held while the connection opens (about 40 ms each); beyond it they are dropped and counted
 */
public record RealtimeAdapterConfig(String url, String bearerToken, int batchMs, OpusCodec codec,
                                    OpusEncoderSettings encoder, int maxMessageChars, long connectTimeoutMs,
                                    int maxPendingMessages) {
    /** Checks the values a person would get wrong, with messages naming the field. */
    public RealtimeAdapterConfig {
        if (url == null || !(url.startsWith("ws://") || url.startsWith("wss://"))) {
            throw new IllegalArgumentException("adapter url must start with ws:// or wss://, got " + url);
        }
        if (batchMs < 20 || batchMs > 1000) {
            throw new IllegalArgumentException("adapter batchMs must be 20..1000, got " + batchMs);
        }
        if (maxMessageChars < 1024 || connectTimeoutMs <= 0 || maxPendingMessages < 0) {
            throw new IllegalArgumentException("adapter limits must be positive (maxMessageChars >= 1024)");
        }
    }

    /** Defaults for {@code url}: no token, 40 ms batches, libopus (else Concentus), 32 kb/s, 1 MiB messages, 5 s to connect. */
    public static RealtimeAdapterConfig of(String url) {
        return new RealtimeAdapterConfig(url, null, 40, PreferredOpusCodec.get(), OpusEncoderSettings.VOICE,
                RealtimeEventReader.DEFAULT_MAX_MESSAGE_CHARS, 5_000, 250);
    }

    /** The same with another batch size. */
    public RealtimeAdapterConfig withBatchMs(int ms) {
        return new RealtimeAdapterConfig(url, bearerToken, ms, codec, encoder, maxMessageChars, connectTimeoutMs, maxPendingMessages);
    }

    /** The same with a bearer token. */
    public RealtimeAdapterConfig withBearerToken(String token) {
        return new RealtimeAdapterConfig(url, token, batchMs, codec, encoder, maxMessageChars, connectTimeoutMs, maxPendingMessages);
    }

    /** The same with another Opus implementation. */
    public RealtimeAdapterConfig withCodec(OpusCodec c) {
        return new RealtimeAdapterConfig(url, bearerToken, batchMs, c, encoder, maxMessageChars, connectTimeoutMs, maxPendingMessages);
    }
}
