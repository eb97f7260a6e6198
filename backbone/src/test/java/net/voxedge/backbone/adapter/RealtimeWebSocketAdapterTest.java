package net.voxedge.backbone.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.voxedge.backbone.agent.ParrotAgentServer;
import net.voxedge.backbone.agent.ParrotConfig;
import net.voxedge.backbone.codec.ConcentusOpusCodec;
import net.voxedge.backbone.codec.OpusDecoderEngine;
import net.voxedge.backbone.codec.OpusEncoderEngine;
import net.voxedge.backbone.codec.OpusEncoderSettings;
import net.voxedge.backbone.codec.OpusToc;
import net.voxedge.backbone.codec.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter end to end against the parrot: Opus frames in, Opus frames out. */
class RealtimeWebSocketAdapterTest {
    private Vertx vertx;
    private Context context;
    private ParrotAgentServer parrot;
    private SimpleMeterRegistry registry;
    private RealtimeAdapterMetrics metrics;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        registry = new SimpleMeterRegistry();
        metrics = new RealtimeAdapterMetrics(registry);
    }

    @AfterEach
    void stop() throws Exception {
        if (parrot != null) {
            parrot.stop().await(10, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private String startParrot(ParrotConfig config) throws Exception {
        parrot = new ParrotAgentServer(vertx, config);
        int port = parrot.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        return "ws://127.0.0.1:" + port + ParrotAgentServer.PATH;
    }

    /** Opens the adapter on {@link #context}, as a gateway on an event loop would. */
    private ModelAdapter open(String url, ModelAdapterListener listener) {
        AtomicReference<ModelAdapter> ref = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(1);
        context.runOnContext(v -> {
            ref.set(RealtimeWebSocketAdapter.open(vertx, RealtimeAdapterConfig.of(url).withBearerToken("test-token"),
                    new ModelSessionConfig("s1", "parrot", "repeat after me", null), listener, metrics));
            opened.countDown();
        });
        RecordingListener.await(opened, "adapter");
        return ref.get();
    }

    private static List<byte[]> opusFrames(short[] pcm48) {
        List<byte[]> frames = new ArrayList<>();
        byte[] buf = new byte[1500];
        try (OpusEncoderEngine enc = ConcentusOpusCodec.INSTANCE.newEncoder(OpusEncoderSettings.VOICE)) {
            for (int off = 0; off + 960 <= pcm48.length; off += 960) {
                int n = enc.encode(pcm48, off, 960, buf, 0, buf.length);
                frames.add(java.util.Arrays.copyOf(buf, n));
            }
        }
        return frames;
    }

    private static short[] decode(List<RecordingListener.Frame> frames) {
        short[] out = new short[frames.size() * 960];
        try (OpusDecoderEngine dec = ConcentusOpusCodec.INSTANCE.newDecoder()) {
            int off = 0;
            for (RecordingListener.Frame f : frames) {
                assertThat(OpusToc.packetSamples48k(f.opus(), 0, f.opus().length)).isEqualTo(960);
                off += dec.decode(f.opus(), 0, f.opus().length, out, off, 960);
            }
        }
        return out;
    }

    private static short[] silence48(int ms) {
        return new short[ms * 48];
    }

    @Test
    void opusInOpusOutCarriesWhatWasSaid() throws Exception {
        String url = startParrot(ParrotConfig.DEFAULT.withSpeed(20));
        RecordingListener listener = new RecordingListener();
        ModelAdapter adapter = open(url, listener);
        short[] tone = Signals.sine(440, 48_000, 0.3, 800 * 48);
        List<byte[]> frames = opusFrames(Signals.concat(silence48(300), tone, silence48(1000)));
        // All at once, from another thread: like a late burst after a link outage.
        for (int i = 0; i < frames.size(); i++) {
            adapter.sendUserAudio(frames.get(i), 0, frames.get(i).length, 1000 + i, 960L * i);
        }
        RecordingListener.await(listener.responseDone, "response.done");
        assertThat(listener.lastStatus).isEqualTo(ResponseStatus.COMPLETED);
        assertThat(listener.errors).isEmpty();

        List<String> vad = listener.log.stream().filter(l -> l.startsWith("speech_")).toList();
        assertThat(vad).hasSize(2);
        // The codec and resamplers add a few ms of delay; the VAD works on 10 ms frames.
        assertThat(Long.parseLong(vad.get(0).split(" ")[1])).isBetween(300L, 330L);
        assertThat(Long.parseLong(vad.get(1).split(" ")[1])).isBetween(1100L, 1130L);
        assertThat(listener.log.indexOf(vad.get(1))).isLessThan(
                listener.log.indexOf(listener.log.stream().filter(l -> l.startsWith("response_started")).findFirst().orElseThrow()));

        List<RecordingListener.Frame> out = listener.frames;
        assertThat(out.size()).isBetween(44, 48); // ~100 ms pre-roll + 800 ms, in 20 ms frames
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).itemOffsetMs()).isEqualTo(20L * i);
            assertThat(out.get(i).mediaTs48k()).isEqualTo(960L * i);
            assertThat(out.get(i).itemId()).isEqualTo(out.get(0).itemId());
        }
        short[] heard = decode(out);
        assertThat(Signals.rms(heard, 0, 60 * 48)).isLessThan(300); // the pre-roll was quiet
        assertThat(Signals.zeroCrossingHz(heard, 200 * 48, 800 * 48, 48_000)).isCloseTo(440, within(3.0));
        int lag = Signals.bestLag(tone, heard, 4800, 20_000, 200 * 48);
        assertThat(Signals.correlation(tone, 4800, heard, 4800 + lag, 15_200)).isGreaterThan(0.9);

        adapter.close();
        RecordingListener.await(listener.closed, "close");
        assertThat(listener.closeReason).isEqualTo("closed by gateway");
        assertThat(registry.get("voxedge_adapter_user_frames_total").counter().count()).isEqualTo(frames.size());
    }

    @Test
    void cancelMidResponseStopsTheAudioAndTheModel() throws Exception {
        String url = startParrot(ParrotConfig.DEFAULT.withSpeed(1));
        CountDownLatch tenFrames = new CountDownLatch(10);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k, byte[] opus, int off, int len) {
                super.onAgentAudio(responseId, itemId, itemOffsetMs, mediaTs48k, opus, off, len);
                tenFrames.countDown();
            }
        };
        ModelAdapter adapter = open(url, listener);
        List<byte[]> frames = opusFrames(Signals.concat(Signals.sine(300, 48_000, 0.3, 3000 * 48), silence48(1000)));
        for (int i = 0; i < frames.size(); i++) {
            adapter.sendUserAudio(frames.get(i), 0, frames.get(i).length, i, 960L * i);
        }
        RecordingListener.await(tenFrames, "10 agent frames");
        CountDownLatch cancelled = new CountDownLatch(1);
        context.runOnContext(v -> {
            RecordingListener.Frame last = listener.frames.getLast();
            listener.log.add("CANCEL");
            adapter.cancel(last.itemId(), last.itemOffsetMs() + 20);
            cancelled.countDown();
        });
        RecordingListener.await(cancelled, "cancel");
        RecordingListener.await(listener.responseDone, "response.done");
        assertThat(listener.lastStatus).isEqualTo(ResponseStatus.CANCELLED);
        // The truncate must be accepted: any error (item_not_found, invalid_value) shows up here. A
        // second round trip (a close) makes sure its answer has arrived.
        adapter.close();
        RecordingListener.await(listener.closed, "close");
        assertThat(listener.errors).isEmpty();
        int mark = listener.log.indexOf("CANCEL");
        assertThat(listener.log.subList(mark, listener.log.size())).noneMatch(l -> l.startsWith("audio"));
        assertThat(listener.frames.size()).isLessThan(150); // 3 s would be 150+ frames
        assertThat(registry.get("voxedge_adapter_cancels_total").counter().count()).isEqualTo(1);
    }

    @Test
    void anUnreachableServerIsReportedToTheListener() throws Exception {
        RecordingListener listener = new RecordingListener();
        ModelAdapter adapter = open("ws://127.0.0.1:1/v1/realtime", listener);
        RecordingListener.await(listener.closed, "close");
        assertThat(listener.closeReason).startsWith("connect failed");
        adapter.sendUserAudio(new byte[] {(byte) 0xF8, 1, 2}, 0, 3, 1, 0); // after close: ignored, no exception
        adapter.cancel("item", 10);
        adapter.close();
    }
}
