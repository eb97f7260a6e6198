package net.voxedge.backbone.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.voxedge.backbone.agent.ParrotConfig;
import net.voxedge.backbone.agent.ParrotObserver;
import net.voxedge.backbone.agent.ParrotSession;
import net.voxedge.backbone.codec.ConcentusOpusCodec;
import net.voxedge.backbone.codec.OpusEncoderSettings;

/** Realtime events from an untrusted peer, on both sides: the client core and the parrot. */
class RealtimeEventFuzzTest {
    private static final int LIMIT = 64 * 1024;
    private static final RealtimeEventReader READER = new RealtimeEventReader(LIMIT);

    /** The reader is total and its OK results keep their invariants. */
    @FuzzTest
    void readerIsTotal(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        RealtimeParseOutcome outcome = READER.read(text);
        assertThat(outcome).isNotNull();
        if (outcome == RealtimeParseOutcome.OK) {
            assertThat(READER.type()).isNotEqualTo(RealtimeEventType.UNKNOWN);
            assertThat(READER.audioLength() % 2).isZero();
            assertThat(READER.audioLength()).isLessThanOrEqualTo(LIMIT);
            assertThat(READER.detail()).isNull();
        } else {
            assertThat(READER.detail()).isNotBlank();
            assertThat(READER.audioLength()).isZero();
        }
    }

    /** Base64Audio agrees with the JDK's decoder on whatever it accepts, and on every encoding. */
    @FuzzTest
    void base64AgreesWithTheJdk(FuzzedDataProvider data) {
        boolean encodeFirst = data.consumeBoolean();
        byte[] out = new byte[4096];
        if (encodeFirst) {
            byte[] raw = data.consumeBytes(3000);
            String b64 = Base64.getEncoder().encodeToString(raw);
            int n = Base64Audio.decode(b64, out);
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(raw);
            return;
        }
        String text = data.consumeRemainingAsString();
        int n = Base64Audio.decode(text, out);
        if (n >= 0) {
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(Base64.getDecoder().decode(text));
        }
    }

    /** Anything a server sends never throws out of the client core; a closed core stays closed. */
    @FuzzTest
    void clientCoreSurvivesAnyServer(FuzzedDataProvider data) {
        List<String> sent = new ArrayList<>();
        RealtimeClientSession session = new RealtimeClientSession(new ModelSessionConfig("f", null, null, null),
                ConcentusOpusCodec.INSTANCE, OpusEncoderSettings.VOICE, 40, sent::add, new ModelAdapterListener() {},
                new RealtimeAdapterMetrics(new SimpleMeterRegistry()));
        try (session) {
            while (data.remainingBytes() > 0) {
                int kind = data.consumeInt(0, 3);
                switch (kind) {
                    case 0 -> session.onServerMessage(data.consumeString(2000));
                    case 1 -> session.onServerMessage(new JsonObject().put("type", pickType(data))
                            .put("response_id", data.consumeString(8)).put("item_id", data.consumeString(8))
                            .put("delta", Base64.getEncoder().encodeToString(data.consumeBytes(600)))
                            .put("response", new JsonObject().put("id", data.consumeString(8)).put("status", data.consumeString(10)))
                            .encode());
                    case 2 -> {
                        byte[] opus = data.consumeBytes(300);
                        session.onUserAudio(opus, 0, opus.length, data.consumeLong(), data.consumeLong());
                    }
                    default -> session.cancel(data.consumeString(8), data.consumeLong());
                }
            }
        }
        for (String s : sent) {
            assertThat(new JsonObject(s).getString("type")).isNotBlank();
        }
    }

    /** Anything a client sends never throws out of the parrot, and every answer is a well-formed event. */
    @FuzzTest
    void parrotSurvivesAnyClient(FuzzedDataProvider data) {
        List<String> sent = new ArrayList<>();
        ParrotSession parrot = new ParrotSession(new ParrotConfig(4, 100, 0, 1000, net.voxedge.backbone.agent.VadSettings.DEFAULT),
                LIMIT, sent::add, new ParrotObserver() {});
        parrot.onOpen();
        while (data.remainingBytes() > 0) {
            int kind = data.consumeInt(0, 2);
            switch (kind) {
                case 0 -> parrot.onMessage(data.consumeString(2000));
                case 1 -> parrot.onMessage(new JsonObject().put("type", pickType(data))
                        .put("audio", Base64.getEncoder().encodeToString(data.consumeBytes(4000)))
                        .put("item_id", data.consumeString(8)).put("response_id", data.consumeString(8))
                        .put("content_index", data.consumeInt()).put("audio_end_ms", data.consumeLong())
                        .encode());
                default -> parrot.emitChunk();
            }
        }
        for (String s : sent) {
            JsonObject e = new JsonObject(s);
            assertThat(e.getString("type")).isNotBlank();
            if ("error".equals(e.getString("type"))) {
                assertThat(e.getJsonObject("error").getString("message")).isNotBlank();
            }
        }
    }

    private static String pickType(FuzzedDataProvider data) {
        RealtimeEventType[] types = RealtimeEventType.values();
        return types[data.consumeInt(0, types.length - 1)].wireName();
    }
}
