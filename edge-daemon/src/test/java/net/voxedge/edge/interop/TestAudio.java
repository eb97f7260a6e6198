package net.voxedge.edge.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * WAV files for the peers' fake microphones, made with sox (no dither: silence stays digital zero) and
 * espeak-ng: 48 kHz, mono, 16 bit, which Chromium's fake capture plays as is (no resampling to blur the level).
 */
public final class TestAudio {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private TestAudio() {
    }

    /**
     * A sine at {@code amplitude} of full scale. Chromium loops the file, so {@code hz * seconds} should be
     * a whole number: the loop then has no click, and the received audioLevel stays at {@code amplitude}.
     */
    public static Path sine(Path out, double hz, double amplitude, double seconds) throws IOException, InterruptedException {
        tool(List.of("sox", "-D", "-n", "-r", "48000", "-c", "1", "-b", "16", out.toString(),
                "synth", fmt(seconds), "sine", fmt(hz), "vol", fmt(amplitude)), out.getParent());
        return out;
    }

    /** Spoken {@code text} (espeak-ng), resampled to 48 kHz mono. */
    public static Path speech(Path out, String text) throws IOException, InterruptedException {
        Path raw = out.resolveSibling(out.getFileName() + ".espeak.wav");
        tool(List.of("espeak-ng", "-w", raw.toString(), text), out.getParent());
        tool(List.of("sox", "-D", raw.toString(), "-r", "48000", "-c", "1", "-b", "16", out.toString()), out.getParent());
        return out;
    }

    /** Speech, then {@code silenceSeconds} of silence, then more speech: exercises turn-taking and barge-in. */
    public static Path speechSilenceSpeech(Path out, String first, double silenceSeconds, String second)
            throws IOException, InterruptedException {
        Path a = speech(out.resolveSibling(out.getFileName() + ".a.wav"), first);
        Path b = speech(out.resolveSibling(out.getFileName() + ".b.wav"), second);
        Path gap = out.resolveSibling(out.getFileName() + ".gap.wav");
        tool(List.of("sox", "-D", "-n", "-r", "48000", "-c", "1", "-b", "16", gap.toString(), "trim", "0", fmt(silenceSeconds)), out.getParent());
        tool(List.of("sox", "-D", a.toString(), gap.toString(), b.toString(), out.toString()), out.getParent());
        return out;
    }

    /** {@code in} followed by {@code seconds} of digital silence. */
    public static Path withTrailingSilence(Path in, Path out, double seconds) throws IOException, InterruptedException {
        Path gap = out.resolveSibling(out.getFileName() + ".tail.wav");
        tool(List.of("sox", "-D", "-n", "-r", "48000", "-c", "1", "-b", "16", gap.toString(), "trim", "0", fmt(seconds)), out.getParent());
        tool(List.of("sox", "-D", in.toString(), gap.toString(), out.toString()), out.getParent());
        return out;
    }

    /** {@code seconds} of digital silence, then {@code in}: lets a call connect before the speech starts. */
    public static Path withLeadingSilence(Path in, Path out, double seconds) throws IOException, InterruptedException {
        Path gap = out.resolveSibling(out.getFileName() + ".lead.wav");
        tool(List.of("sox", "-D", "-n", "-r", "48000", "-c", "1", "-b", "16", gap.toString(), "trim", "0", fmt(seconds)), out.getParent());
        tool(List.of("sox", "-D", gap.toString(), in.toString(), out.toString()), out.getParent());
        return out;
    }

    /** The largest absolute sample of a 16-bit WAV, as a fraction of full scale (what Chromium's audioLevel reports). */
    public static double peakLevel(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16) {
                throw new IOException(wav + " is not 16-bit: " + f);
            }
            byte[] pcm = in.readAllBytes();
            int max = 0;
            for (int i = 0; i + 1 < pcm.length; i += 2) {
                int v = f.isBigEndian() ? (short) ((pcm[i] << 8) | (pcm[i + 1] & 0xff)) : (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
                max = Math.max(max, Math.abs(v));
            }
            return max / 32767.0;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + " is not a readable WAV", e);
        }
    }

    /** How long a WAV plays. */
    public static double seconds(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            return in.getFrameLength() / (double) in.getFormat().getFrameRate();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + " is not a readable WAV", e);
        }
    }

    private static void tool(List<String> cmd, Path dir) throws IOException, InterruptedException {
        BoundedProcess.Result r = BoundedProcess.run(cmd, dir, TOOL_TIMEOUT, dir.resolve("logs"));
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + r.exitCode() + "): " + r.stderrTail());
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
