package net.voxedge.backbone.adapter;

import java.util.function.Consumer;
import net.voxedge.backbone.codec.DownlinkTranscoder;
import net.voxedge.backbone.codec.OpusCodec;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.OpusPacketError;
import net.voxedge.backbone.codec.OpusToc;
import net.voxedge.backbone.codec.Pcm16;
import net.voxedge.backbone.codec.UplinkTranscoder;

/**
 * The client side of the Realtime protocol for one session, without IO (sans-IO): user Opus frames
 * and barge-in cancels in, Realtime text messages out through {@code send}; server messages in,
 * listener events and agent Opus frames out. {@link RealtimeWebSocketAdapter} carries the text
 * over a WebSocket. Single-threaded: call everything from one thread.
 */
public final class RealtimeClientSession implements AutoCloseable {
    /** At most this many missing packets in a row are concealed; a longer gap is left as a gap. */
    static final int MAX_CONCEALED_FRAMES = 5;
    private static final int PCM_CHUNK = 4800;

    private final ModelSessionConfig config;
    private final Consumer<String> send;
    private final ModelAdapterListener listener;
    private final RealtimeAdapterMetrics metrics;
    private final RealtimeEventWriter writer;
    private final RealtimeEventReader reader = new RealtimeEventReader();
    private final UplinkTranscoder uplink;
    private final DownlinkTranscoder downlink;
    private final int batchSamples;
    private final short[] batch;
    private final byte[] batchBytes;
    private final short[] pcm = new short[PCM_CHUNK];
    private int batched;
    private long lastSeq = -1;

    private String responseId;
    private boolean responseActive;
    private String cancelledResponseId;
    private String itemId;
    private long itemFrames;
    private long agentTs48k;
    private boolean closed;

    /**
     * @param batchMs how much user audio goes into one {@code input_audio_buffer.append} (20..1000 ms)
     */
    public RealtimeClientSession(ModelSessionConfig config, OpusCodec codec, OpusEncoderSettings encoder, int batchMs,
                                 Consumer<String> send, ModelAdapterListener listener, RealtimeAdapterMetrics metrics) {
        if (batchMs < 20 || batchMs > 1000) {
            throw new IllegalArgumentException("batchMs must be 20..1000, got " + batchMs);
        }
        this.config = config;
        this.send = send;
        this.listener = listener;
        this.metrics = metrics;
        this.writer = new RealtimeEventWriter("vx_" + config.sessionId());
        this.uplink = new UplinkTranscoder(codec, OpusToc.MAX_PACKET_SAMPLES_48K);
        this.downlink = new DownlinkTranscoder(codec, encoder, this::onAgentFrame);
        this.batchSamples = batchMs * 24;
        this.batch = new short[batchSamples + UplinkTranscoder.MAX_OUTPUT_SAMPLES * (MAX_CONCEALED_FRAMES + 1)];
        this.batchBytes = new byte[2 * batch.length];
    }

    /** Sends {@code session.update}: call once, first. */
    public void start() {
        send.accept(writer.sessionUpdate(config));
    }

    /** See {@link ModelAdapter#sendUserAudio}. */
    public void onUserAudio(byte[] opus, int off, int len, long seq, long mediaTs48k) {
        if (closed) {
            return;
        }
        if (seq <= lastSeq) {
            metrics.userFramesStale.increment();
            return;
        }
        int samples48k = OpusToc.packetSamples48k(opus, off, len);
        if (samples48k < 0) {
            reject(samples48k);
            return;
        }
        if (lastSeq >= 0 && seq - lastSeq > 1) {
            long missing = Math.min(seq - lastSeq - 1, MAX_CONCEALED_FRAMES);
            for (long i = 0; i < missing; i++) {
                int n = uplink.conceal(samples48k, batch, batched);
                if (n > 0) {
                    batched += n;
                    metrics.userFramesConcealed.increment();
                }
            }
        }
        lastSeq = seq;
        int n = uplink.transcode(opus, off, len, batch, batched);
        if (n < 0) {
            reject(n);
            return;
        }
        metrics.userFrames.increment();
        batched += n;
        if (batched >= batchSamples) {
            flushUserAudio();
        }
    }

    private void reject(int code) {
        OpusPacketError e = OpusPacketError.ofCode(code);
        metrics.userFramesRejected.get(e == null ? OpusPacketError.CORRUPT : e).increment();
    }

    /** Sends what user audio is batched, if any (the IO layer calls this on a timer, so nothing waits long). */
    public void flushUserAudio() {
        if (batched == 0 || closed) {
            return;
        }
        int bytes = Pcm16.toBytes(batch, 0, batched, batchBytes, 0);
        batched = 0;
        send.accept(writer.inputAudioAppend(batchBytes, 0, bytes));
    }

    /** See {@link ModelAdapter#cancel}. */
    public void cancel(String cancelItemId, long playedMs) {
        if (closed) {
            return;
        }
        metrics.cancels.increment();
        if (responseActive) {
            send.accept(writer.responseCancel(responseId));
            cancelledResponseId = responseId;
            responseActive = false;
        }
        downlink.discard();
        if (cancelItemId != null) {
            send.accept(writer.itemTruncate(cancelItemId, 0, Math.max(0, playedMs)));
        }
    }

    /** One text message from the model server. */
    public void onServerMessage(String text) {
        if (closed) {
            return;
        }
        metrics.eventsReceived.increment();
        RealtimeParseOutcome outcome = reader.read(text);
        if (outcome == RealtimeParseOutcome.UNKNOWN_TYPE) {
            metrics.eventsUnknown.increment();
            return;
        }
        if (outcome != RealtimeParseOutcome.OK) {
            metrics.eventsRejected.get(outcome).increment();
            listener.onError("malformed_event", outcome.metricTag() + ": " + reader.detail());
            return;
        }
        switch (reader.type()) {
            case SPEECH_STARTED -> listener.onSpeechStarted(reader.itemId(), reader.audioStartMs());
            case SPEECH_STOPPED -> listener.onSpeechStopped(reader.itemId(), reader.audioEndMs());
            case RESPONSE_CREATED -> {
                responseId = reader.responseId();
                responseActive = true;
                itemId = null;
                listener.onResponseStarted(responseId);
            }
            case RESPONSE_OUTPUT_AUDIO_DELTA -> onDelta();
            case RESPONSE_OUTPUT_AUDIO_DONE -> {
                if (isLive(reader.responseId())) {
                    downlink.flush();
                }
            }
            case RESPONSE_DONE -> onResponseDone();
            case ERROR -> {
                metrics.modelErrors.increment();
                listener.onError(reader.errorCode() == null ? "model_error" : reader.errorCode(),
                        reader.errorMessage() == null ? "(no message)" : reader.errorMessage());
            }
            default -> {
                // session.created/updated, truncated, cleared: nothing for the gateway to do.
            }
        }
    }

    private boolean isLive(String eventResponseId) {
        return eventResponseId == null || !eventResponseId.equals(cancelledResponseId);
    }

    private void onDelta() {
        String deltaResponse = reader.responseId() != null ? reader.responseId() : responseId;
        if (!isLive(deltaResponse)) {
            // Deltas already in flight when we cancelled: the user must not hear them.
            metrics.deltasAfterCancel.increment();
            return;
        }
        responseId = deltaResponse;
        String deltaItem = reader.itemId() != null ? reader.itemId() : responseId;
        if (!deltaItem.equals(itemId)) {
            if (itemId != null) {
                downlink.flush();
            }
            itemId = deltaItem;
            itemFrames = 0;
        }
        byte[] audio = reader.audio();
        int len = reader.audioLength();
        for (int off = 0; off < len; off += 2 * PCM_CHUNK) {
            int n = Pcm16.fromBytes(audio, off, Math.min(2 * PCM_CHUNK, len - off), pcm, 0);
            downlink.push(pcm, 0, n);
        }
    }

    private void onResponseDone() {
        String id = reader.responseId();
        ResponseStatus status = ResponseStatus.of(reader.status());
        if (id.equals(cancelledResponseId)) {
            downlink.discard();
            status = status == ResponseStatus.COMPLETED ? ResponseStatus.CANCELLED : status;
        } else {
            downlink.flush();
        }
        if (id.equals(responseId)) {
            responseActive = false;
        }
        listener.onResponseDone(id, status);
    }

    private void onAgentFrame(byte[] packet, int off, int len) {
        metrics.agentFrames.increment();
        listener.onAgentAudio(responseId, itemId, itemFrames * 20, agentTs48k, packet, off, len);
        itemFrames++;
        agentTs48k += OpusCodec.FRAME_SAMPLES;
    }

    /** The connection ended: tells the listener once and frees the codecs. */
    public void onClosed(String reason) {
        if (closed) {
            return;
        }
        close();
        listener.onClosed(reason);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        uplink.close();
        downlink.close();
    }

    /** Whether a response is playing (created and neither done nor cancelled). */
    public boolean responseActive() {
        return responseActive;
    }
}
