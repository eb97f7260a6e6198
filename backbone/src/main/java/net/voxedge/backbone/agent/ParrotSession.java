package net.voxedge.backbone.agent;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import net.voxedge.backbone.adapter.RealtimeEventReader;
import net.voxedge.backbone.adapter.RealtimeEventType;
import net.voxedge.backbone.adapter.RealtimeEventWriter;
import net.voxedge.backbone.adapter.RealtimeParseOutcome;
import net.voxedge.backbone.adapter.ResponseStatus;
import net.voxedge.backbone.codec.Pcm16;

/**
 * The parrot's protocol core for one connection (sans-IO): client text messages in, server text
 * messages out through {@code send}. It runs its own VAD on the input audio, records each
 * utterance (up to {@link ParrotConfig#maxUtteranceMs()}), and {@code responseDelayMs} of input
 * after the speech ends starts a reply that plays the recording back. Reply audio leaves one
 * chunk per {@link #emitChunk()} call: the IO layer calls it on a timer to generate faster than
 * real time, and stops calling when {@link #responseActive()} turns false. Single-threaded.
 *
 * <p>Memory per connection is bounded: the recording, one reply waiting and one reply playing,
 * each at most {@code maxUtteranceMs} of 24 kHz PCM16 (30 s = 1.4 MB), plus 32 remembered items.
 */
public final class ParrotSession {
    private static final int RATE = 24_000;
    private static final int SAMPLES_PER_MS = RATE / 1000;
    private static final int REMEMBERED_ITEMS = 32;

    private final ParrotConfig config;
    private final Consumer<String> send;
    private final ParrotObserver observer;
    private final RealtimeEventReader reader;
    private final RealtimeEventWriter writer = new RealtimeEventWriter("parrot");
    private final VoiceActivityDetector vad;
    private final short[] frame = new short[VoiceActivityDetector.FRAME_SAMPLES];
    private int frameFill;
    private final short[] preroll;
    private final int prerollSamples;
    private int prerollPos;
    private long prerollCount;
    private final short[] recording;
    private int recorded;
    /** What {@code recorded} would be without the cap (to trim the hangover off a capped recording). */
    private long recordedUncapped;
    private final short[] inputPcm = new short[4800];
    private final byte[] chunkBytes;
    private final Map<String, Long> itemDurationsMs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_ITEMS;
        }
    };
    private JsonObject session;
    private long nextId = 1;

    private String speechItemId;
    private short[] waitingReply;
    private long waitingDueMs;
    private String responseId;
    private String responseItemId;
    private short[] reply;
    private int replyPos;

    /** A session whose outgoing messages go to {@code send}. */
    public ParrotSession(ParrotConfig config, int maxMessageChars, Consumer<String> send, ParrotObserver observer) {
        this.config = config;
        this.send = send;
        this.observer = observer;
        this.reader = new RealtimeEventReader(maxMessageChars);
        this.vad = new VoiceActivityDetector(config.vad());
        // The onset frames before the deciding one are remembered too, until the VAD calls them speech.
        this.prerollSamples = (config.vad().prerollMs() + config.vad().onsetMs() - 10) * SAMPLES_PER_MS;
        this.preroll = new short[Math.max(1, prerollSamples)];
        this.recording = new short[config.maxUtteranceMs() * SAMPLES_PER_MS];
        this.chunkBytes = new byte[2 * config.chunkMs() * SAMPLES_PER_MS];
        this.session = new JsonObject()
                .put("type", "realtime").put("object", "realtime.session").put("model", "voxedge-parrot")
                .put("audio", new JsonObject()
                        .put("input", new JsonObject().put("format", pcmFormat())
                                .put("turn_detection", new JsonObject().put("type", "server_vad")
                                        .put("threshold_dbfs", config.vad().startDb())
                                        .put("silence_duration_ms", config.vad().hangoverMs())))
                        .put("output", new JsonObject().put("format", pcmFormat()).put("voice", "parrot")));
    }

    private static JsonObject pcmFormat() {
        return new JsonObject().put("type", "audio/pcm").put("rate", RATE);
    }

    /** The connection is open: sends {@code session.created}. */
    public void onOpen() {
        session.put("id", "sess_" + Long.toHexString(System.identityHashCode(this)));
        send.accept(writer.session(RealtimeEventType.SESSION_CREATED, session));
    }

    /** One text message from the client. */
    public void onMessage(String text) {
        RealtimeParseOutcome outcome = reader.read(text);
        if (outcome != RealtimeParseOutcome.OK) {
            String code = switch (outcome) {
                case MALFORMED_JSON -> "invalid_json";
                case TOO_LARGE -> "message_too_large";
                case UNKNOWN_TYPE, MISSING_TYPE -> "invalid_event_type";
                case BAD_AUDIO, AUDIO_TOO_LARGE -> "invalid_audio";
                default -> "invalid_value";
            };
            error(code, reader.detail());
            return;
        }
        switch (reader.type()) {
            case SESSION_UPDATE -> onSessionUpdate();
            case INPUT_AUDIO_BUFFER_APPEND -> onAudio(reader.audio(), reader.audioLength());
            case INPUT_AUDIO_BUFFER_CLEAR -> {
                vad.reset();
                recorded = 0;
                frameFill = 0;
                send.accept(writer.cleared());
            }
            case RESPONSE_CANCEL -> onCancel(reader.responseId());
            case CONVERSATION_ITEM_TRUNCATE -> onTruncate();
            default -> error("invalid_event_type", "'" + reader.typeName() + "' is not a client event the parrot accepts");
        }
    }

    private void onSessionUpdate() {
        JsonObject update = reader.session();
        if (update == null) {
            error("invalid_value", "session.update needs a 'session' object");
            return;
        }
        JsonObject audio = update.getValue("audio") instanceof JsonObject a ? a : null;
        JsonObject input = audio != null && audio.getValue("input") instanceof JsonObject i ? i : null;
        if (input != null && input.getValue("format") instanceof JsonObject format) {
            boolean pcm = "audio/pcm".equals(format.getValue("type"));
            Object rate = format.getValue("rate");
            if (!pcm || (rate != null && !(rate instanceof Number n && n.intValue() == RATE))) {
                error("unsupported_format", "the parrot takes audio/pcm at 24000 Hz only");
                return;
            }
        }
        if (update.getValue("instructions") instanceof String s) {
            session.put("instructions", s.length() > 4096 ? s.substring(0, 4096) : s);
        }
        send.accept(writer.session(RealtimeEventType.SESSION_UPDATED, session));
    }

    private void onAudio(byte[] bytes, int len) {
        for (int off = 0; off < len; off += 2 * inputPcm.length) {
            int n = Pcm16.fromBytes(bytes, off, Math.min(2 * inputPcm.length, len - off), inputPcm, 0);
            for (int i = 0; i < n; ) {
                int take = Math.min(n - i, frame.length - frameFill);
                System.arraycopy(inputPcm, i, frame, frameFill, take);
                frameFill += take;
                i += take;
                if (frameFill == frame.length) {
                    frameFill = 0;
                    onFrame();
                }
            }
        }
    }

    private void onFrame() {
        VoiceActivityDetector.Transition t = vad.onFrame(frame, 0);
        switch (t) {
            case STARTED -> {
                // Speaking again before a waiting reply began: the user was not done, drop it.
                waitingReply = null;
                speechItemId = "item_" + nextId++;
                recorded = 0;
                recordedUncapped = 0;
                copyPreroll();
                record(frame);
                observer.speechStarted(speechItemId, vad.speechStartMs());
                send.accept(writer.speechStarted(speechItemId, vad.speechStartMs()));
            }
            case STOPPED -> {
                long endMs = vad.speechEndMs();
                record(frame);
                // Keep speech up to its last loud frame: the hangover's silence is not part of it.
                long trailingMs = vad.streamMs() - endMs;
                int keep = (int) Math.max(0, Math.min(recorded, recordedUncapped - trailingMs * SAMPLES_PER_MS));
                waitingReply = Arrays.copyOf(recording, keep);
                waitingDueMs = endMs + config.responseDelayMs();
                recorded = 0;
                observer.speechStopped(speechItemId, endMs, keep / SAMPLES_PER_MS);
                send.accept(writer.speechStopped(speechItemId, endMs));
            }
            case NONE -> {
                if (vad.speaking()) {
                    record(frame);
                } else {
                    remember(frame);
                }
            }
        }
        if (waitingReply != null && reply == null && vad.streamMs() >= waitingDueMs) {
            startReply();
        }
    }

    private void record(short[] f) {
        int n = Math.min(f.length, recording.length - recorded);
        System.arraycopy(f, 0, recording, recorded, n);
        recorded += n;
        recordedUncapped += f.length;
    }

    private void remember(short[] f) {
        for (short s : f) {
            preroll[prerollPos] = s;
            prerollPos = (prerollPos + 1) % preroll.length;
        }
        prerollCount += f.length;
    }

    /** Puts the pre-roll (the audio just before the onset frames) at the start of the recording. */
    private void copyPreroll() {
        int n = (int) Math.min(Math.min(prerollCount, prerollSamples), recording.length);
        for (int i = 0; i < n; i++) {
            recording[recorded++] = preroll[(prerollPos - n + i + preroll.length) % preroll.length];
        }
        recordedUncapped += n;
        prerollCount = 0;
    }

    private void startReply() {
        reply = waitingReply;
        waitingReply = null;
        replyPos = 0;
        responseId = "resp_" + nextId++;
        responseItemId = "item_" + nextId++;
        itemDurationsMs.put(responseItemId, (long) reply.length / SAMPLES_PER_MS);
        observer.responseStarted(responseId, responseItemId, reply.length / SAMPLES_PER_MS);
        send.accept(writer.responseCreated(responseId));
    }

    /**
     * Sends the next delta of the playing reply, or, when it is all sent, the done events (and
     * starts a reply that was waiting). Returns whether a reply is still playing.
     */
    public boolean emitChunk() {
        if (reply == null) {
            return false;
        }
        int n = Math.min(config.chunkMs() * SAMPLES_PER_MS, reply.length - replyPos);
        if (n > 0) {
            int bytes = Pcm16.toBytes(reply, replyPos, n, chunkBytes, 0);
            replyPos += n;
            send.accept(writer.audioDelta(responseId, responseItemId, chunkBytes, 0, bytes));
        }
        if (replyPos >= reply.length) {
            send.accept(writer.audioDone(responseId, responseItemId));
            finish(ResponseStatus.COMPLETED);
        }
        return reply != null;
    }

    private void finish(ResponseStatus status) {
        long sentMs = replyPos / SAMPLES_PER_MS;
        send.accept(writer.responseDone(responseId, responseItemId, status));
        observer.responseDone(responseId, status, sentMs);
        reply = null;
        if (waitingReply != null && vad.streamMs() >= waitingDueMs) {
            startReply();
        }
    }

    private void onCancel(String cancelId) {
        if (reply == null || (cancelId != null && !cancelId.equals(responseId))) {
            error("response_cancel_not_active", "no active response" + (cancelId != null ? " with id " + cancelId : ""));
            return;
        }
        finish(ResponseStatus.CANCELLED);
    }

    private void onTruncate() {
        Long durationMs = itemDurationsMs.get(reader.itemId());
        if (durationMs == null) {
            error("item_not_found", "no assistant audio item '" + reader.itemId() + "'");
        } else if (reader.contentIndex() != 0) {
            error("invalid_value", "content_index must be 0 (one audio part per item)");
        } else if (reader.audioEndMs() > durationMs) {
            error("invalid_value", "audio_end_ms " + reader.audioEndMs() + " is beyond the item's " + durationMs + " ms of audio");
        } else {
            itemDurationsMs.put(reader.itemId(), reader.audioEndMs());
            send.accept(writer.itemTruncated(reader.itemId(), 0, reader.audioEndMs()));
        }
    }

    private void error(String code, String message) {
        observer.clientError(code, message);
        send.accept(writer.error(code, message, reader.eventId()));
    }

    /** Whether a reply is playing (the IO layer keeps calling {@link #emitChunk()} while it is). */
    public boolean responseActive() {
        return reply != null;
    }

    /** Milliseconds of input audio received (the VAD's stream clock). */
    public long streamMs() {
        return vad.streamMs();
    }
}
