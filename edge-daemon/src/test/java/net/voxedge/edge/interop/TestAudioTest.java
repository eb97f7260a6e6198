package net.voxedge.edge.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The WAVs the peers play must be 48 kHz mono 16-bit, and a sine's peak must be the amplitude asked for. */
@Tag(InteropTag.NAME)
class TestAudioTest {
    private ScratchDir dir;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sox")), "sox is not installed");
        dir = ScratchDir.create("voxedge-audio-test-");
    }

    @AfterEach
    void tearDown() {
        if (dir != null) {
            dir.close();
        }
    }

    @Test
    void sineHasTheRequestedFormatLengthAndPeak() throws Exception {
        Path wav = TestAudio.sine(dir.resolve("s.wav"), 440, 0.3, 2);

        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertFormat(in.getFormat());
            byte[] pcm = in.readAllBytes();
            assertThat(pcm.length).isEqualTo(2 * 48_000 * 2);
            assertThat(peak(pcm, in.getFormat().isBigEndian())).isCloseTo(0.3, within(0.001));
        }
    }

    @Test
    void speechSilenceSpeechIsResampledAndHasAQuietGap() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/espeak-ng")), "espeak-ng is not installed");

        Path wav = TestAudio.speechSilenceSpeech(dir.resolve("t.wav"), "hello there", 1.5, "are you listening");

        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertFormat(in.getFormat());
            byte[] pcm = in.readAllBytes();
            boolean bigEndian = in.getFormat().isBigEndian();
            assertThat(pcm.length / 2 / 48_000.0).isGreaterThan(1.5);
            assertThat(peak(pcm, bigEndian)).isGreaterThan(0.1);
            // Somewhere there is a full second of digital silence: the gap between the two phrases.
            assertThat(longestSilentRun(pcm, bigEndian)).isGreaterThanOrEqualTo(48_000);
        }
    }

    private static void assertFormat(AudioFormat f) {
        assertThat(f.getSampleRate()).isEqualTo(48_000f);
        assertThat(f.getChannels()).isEqualTo(1);
        assertThat(f.getSampleSizeInBits()).isEqualTo(16);
    }

    private static double peak(byte[] pcm, boolean bigEndian) {
        int max = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            max = Math.max(max, Math.abs(sample(pcm, i, bigEndian)));
        }
        return max / 32767.0;
    }

    private static int longestSilentRun(byte[] pcm, boolean bigEndian) {
        int best = 0;
        int run = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            run = sample(pcm, i, bigEndian) == 0 ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    private static short sample(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (short) ((b[i] << 8) | (b[i + 1] & 0xff)) : (short) ((b[i] & 0xff) | (b[i + 1] << 8));
    }
}
