package net.voxedge.backbone.agent;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Assumptions;

/** Real speech for tests: espeak-ng says it, sox makes it PCM16 mono 24 kHz. Skips the test when either is missing. */
final class EspeakWav {
    private EspeakWav() {}

    static short[] say(String text) throws Exception {
        Path dir = Files.createTempDirectory("voxedge-espeak");
        try {
            Path raw = dir.resolve("raw.wav");
            Path pcm = dir.resolve("pcm.wav");
            run("espeak-ng", "-w", raw.toString(), text);
            run("sox", raw.toString(), "-r", "24000", "-c", "1", "-b", "16", "-e", "signed-integer", pcm.toString());
            try (AudioInputStream in = AudioSystem.getAudioInputStream(new File(pcm.toString()))) {
                Assumptions.assumeTrue(in.getFormat().getSampleRate() == 24000 && !in.getFormat().isBigEndian(),
                        "sox did not produce 24 kHz little-endian PCM");
                byte[] b = in.readAllBytes();
                short[] s = new short[b.length / 2];
                net.voxedge.backbone.codec.Pcm16.fromBytes(b, 0, b.length, s, 0);
                return s;
            }
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort(command[0] + " is not installed (scripts/install-test-deps installs it): " + e.getMessage());
            return;
        }
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command[0] + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
