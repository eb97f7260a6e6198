package net.voxedge.backbone.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.voxedge.backbone.codec.Signals;
import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest {
    /** Level in dBFS → a 10 ms frame of a 1 kHz sine at that RMS level. */
    private static short[] frameAt(double dbfs) {
        double rms = 32768 * Math.pow(10, dbfs / 20);
        return Signals.sine(1000, 24_000, rms * Math.sqrt(2) / 32767, VoiceActivityDetector.FRAME_SAMPLES);
    }

    private static List<String> run(VoiceActivityDetector vad, double... levels) {
        List<String> out = new ArrayList<>();
        for (double db : levels) {
            VoiceActivityDetector.Transition t = vad.onFrame(frameAt(db), 0);
            if (t != VoiceActivityDetector.Transition.NONE) {
                out.add(t + "@" + vad.streamMs());
            }
        }
        return out;
    }

    private static double[] repeat(double db, int frames) {
        double[] d = new double[frames];
        java.util.Arrays.fill(d, db);
        return d;
    }

    @Test
    void onsetNeedsThreeLoudFramesAndHangoverThirtyQuietOnes() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.DEFAULT);
        assertThat(run(vad, -90, -20, -20, -90)).isEmpty(); // a 20 ms click is not speech
        assertThat(run(vad, -20, -20, -20)).containsExactly("STARTED@70");
        assertThat(vad.speechStartMs()).isEqualTo(40);
        assertThat(run(vad, repeat(-90, 29))).isEmpty(); // a 290 ms pause is inside speech
        assertThat(run(vad, -20)).isEmpty();
        assertThat(run(vad, repeat(-90, 30))).containsExactly("STOPPED@670");
        assertThat(vad.speechEndMs()).isEqualTo(370);
        assertThat(vad.speaking()).isFalse();
    }

    @Test
    void levelsBetweenTheThresholdsKeepTheCurrentState() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.DEFAULT);
        assertThat(run(vad, repeat(-42, 50))).isEmpty(); // below start: never starts
        assertThat(run(vad, -30, -30, -30)).hasSize(1);
        assertThat(run(vad, repeat(-42, 100))).isEmpty(); // above stop: never stops
        assertThat(vad.speaking()).isTrue();
        assertThat(run(vad, repeat(-50, 30))).hasSize(1);
    }

    @Test
    void settingsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VadSettings(-50, -40, 30, 300, 100))
                .hasMessageContaining("stopDb");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ParrotConfig(0, 100, 500, 30_000, VadSettings.DEFAULT))
                .hasMessageContaining("speed");
    }
}
