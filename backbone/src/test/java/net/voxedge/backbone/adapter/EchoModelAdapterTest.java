package net.voxedge.backbone.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoModelAdapterTest {
    private long now = 1_000_000_000L;

    private record Frame(String responseId, String itemId, long offsetMs, long ts, byte[] opus) {}

    private static final class Listener implements ModelAdapterListener {
        final List<Frame> frames = new ArrayList<>();
        final List<String> started = new ArrayList<>();
        final List<String> closed = new ArrayList<>();

        @Override
        public void onAgentAudio(String responseId, String itemId, long itemOffsetMs, long mediaTs48k,
                                 byte[] opus, int off, int len) {
            byte[] copy = new byte[len];
            System.arraycopy(opus, off, copy, 0, len);
            frames.add(new Frame(responseId, itemId, itemOffsetMs, mediaTs48k, copy));
        }

        @Override
        public void onResponseStarted(String responseId) {
            started.add(responseId);
        }

        @Override
        public void onClosed(String reason) {
            closed.add(reason);
        }
    }

    @Test
    void echoesEachPacketUnchangedAsConsecutiveFramesOfOneResponse() {
        Listener l = new Listener();
        EchoModelAdapter a = new EchoModelAdapter(l, () -> now, EchoModelAdapter.DEFAULT_MAX_BACKLOG_NANOS);
        byte[] buf = {9, 9, 0x78, 1, 2, 3, 9};
        a.sendUserAudio(buf, 2, 4, 10, 4800);
        a.sendUserAudio(new byte[] {0x78, 5}, 0, 2, 11, 5760);

        assertThat(l.started).containsExactly(EchoModelAdapter.RESPONSE_ID);
        assertThat(l.frames).hasSize(2);
        assertThat(l.frames.get(0).opus()).containsExactly(0x78, 1, 2, 3);
        assertThat(l.frames.get(0).offsetMs()).isZero();
        assertThat(l.frames.get(1).opus()).containsExactly(0x78, 5);
        assertThat(l.frames.get(1).offsetMs()).isEqualTo(20);
        assertThat(l.frames.get(1).ts()).isEqualTo(960);
        assertThat(a.framesEchoed()).isEqualTo(2);
    }

    @Test
    void dropsRepeatedOrOlderSequenceNumbersAndBadSlices() {
        Listener l = new Listener();
        EchoModelAdapter a = new EchoModelAdapter(l, () -> now, EchoModelAdapter.DEFAULT_MAX_BACKLOG_NANOS);
        a.sendUserAudio(new byte[] {1}, 0, 1, 5, 0);
        a.sendUserAudio(new byte[] {2}, 0, 1, 5, 0);
        a.sendUserAudio(new byte[] {3}, 0, 1, 4, 0);
        a.sendUserAudio(new byte[] {4}, 0, 2, 6, 0);
        a.sendUserAudio(new byte[] {4}, -1, 1, 6, 0);
        a.sendUserAudio(null, 0, 1, 6, 0);
        a.sendUserAudio(new byte[] {4}, 1, 0, 6, 0);
        assertThat(l.frames).extracting(f -> f.opus()[0]).containsExactly((byte) 1);
    }

    @Test
    void skipsWhatWouldQueueMoreThanTheBacklogLimitBehindThePlayout() {
        Listener l = new Listener();
        EchoModelAdapter a = new EchoModelAdapter(l, () -> now, 20_000_000L);
        // A burst held while the session opened: 5 packets at once. 0 plays now, 1 in 20 ms (the
        // limit); 2..4 would wait 40..80 ms.
        for (int i = 0; i < 5; i++) {
            a.sendUserAudio(new byte[] {(byte) i}, 0, 1, i, i * 960L);
        }
        // Live packets, 20 ms apart: each joins a backlog of one frame, no more.
        for (int i = 5; i < 8; i++) {
            now += 20_000_000L;
            a.sendUserAudio(new byte[] {(byte) i}, 0, 1, i, i * 960L);
        }
        // A stall: 8 and 9 arrive together 120 ms later; the playout has run dry, 8 plays at once,
        // 9 after it; 10 arrives 5 ms later and would wait 35 ms.
        now += 120_000_000L;
        a.sendUserAudio(new byte[] {8}, 0, 1, 8, 8 * 960L);
        a.sendUserAudio(new byte[] {9}, 0, 1, 9, 9 * 960L);
        now += 5_000_000L;
        a.sendUserAudio(new byte[] {10}, 0, 1, 10, 10 * 960L);
        now += 20_000_000L;
        a.sendUserAudio(new byte[] {11}, 0, 1, 11, 11 * 960L);
        assertThat(l.frames).extracting(f -> (int) f.opus()[0]).containsExactly(0, 1, 5, 6, 7, 8, 9, 11);
        assertThat(a.framesSkipped()).isEqualTo(4);
        assertThat(l.frames).extracting(Frame::offsetMs).containsExactly(0L, 20L, 40L, 60L, 80L, 100L, 120L, 140L);
    }

    @Test
    void closeReportsOnceAndStopsEchoing() {
        Listener l = new Listener();
        EchoModelAdapter a = new EchoModelAdapter(l, () -> now, EchoModelAdapter.DEFAULT_MAX_BACKLOG_NANOS);
        a.close();
        a.close();
        a.sendUserAudio(new byte[] {1}, 0, 1, 1, 0);
        assertThat(l.closed).containsExactly("closed");
        assertThat(l.frames).isEmpty();
    }
}
