package net.voxedge.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.voxedge.backbone.journal.JournalConfig;
import net.voxedge.backbone.journal.JournalProducer;
import net.voxedge.backbone.journal.JournalReader;
import net.voxedge.backbone.journal.UplinkJournal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the uplink journal adds per user frame (backbone/README.md, "Uplink journal").
 *
 * <ul>
 *   <li>{@code append}: one {@code JournalProducer.appendFrame} (24-byte header + payload into
 *       the memory-mapped queue, index returned), one thread.</li>
 *   <li>{@code appendThenRead}: append, then read it back with a tailer on the same thread: the
 *       journal's whole cost per frame (append → send) without a thread hop.</li>
 *   <li>{@code appendSharedQueue} / {@code appendOwnQueue}, two threads: each thread its own
 *       producer on one shared queue (Chronicle's write lock between them: the design chosen) vs.
 *       each thread its own queue (no lock; the alternative).</li>
 *   <li>{@code appendToTailerSeen} (sample time, p50/p99): append, then spin until a tailer on
 *       another thread (spinning on {@code JournalReader.next()}) has read that frame: the
 *       cross-thread append → tail-read latency, plus one volatile read back.</li>
 * </ul>
 *
 * Each iteration starts on an empty queue in a fresh temporary directory (the queue grows by
 * hundreds of MB per second of appending). Payload 160 B is a 20 ms Opus frame at ~64 kbit/s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"})
public class JournalBenchmark {

  /**
   * Where the queues go: the environment variable {@code VOXEDGE_BENCH_JOURNAL_DIR=/dev/shm} takes
   * the disk out (an environment variable because JMH's {@code -jvmArgsAppend} on the command line
   * would replace the Chronicle flags of {@code @Fork}).
   */
  static Path newDir() throws IOException {
    String base = System.getenv("VOXEDGE_BENCH_JOURNAL_DIR");
    return base == null ? Files.createTempDirectory("voxedge-journal-bench")
        : Files.createTempDirectory(Path.of(base), "voxedge-journal-bench");
  }

  static UplinkJournal openJournal(Path dir) throws IOException {
    return UplinkJournal.open(JournalConfig.defaults(dir), new SimpleMeterRegistry());
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One journal, one producer and one reader, all on the benchmark thread. */
  @State(Scope.Thread)
  public static class Single {
    @Param({"160", "1200"})
    int payload;

    Path dir;
    UplinkJournal journal;
    JournalProducer producer;
    JournalReader reader;
    byte[] frame;
    int cluster;
    int seq;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = newDir();
      journal = openJournal(dir);
      producer = journal.newProducer();
      reader = journal.newReader();
      cluster = journal.clusterNumber("eu-west");
      frame = new byte[payload];
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      reader.close();
      producer.close();
      journal.close();
      delete(dir);
    }
  }

  @Benchmark
  public long append(Single s) {
    int seq = s.seq++;
    return s.producer.appendFrame(42, 0, seq, seq * 960, 0, s.cluster, s.frame, 0, s.frame.length);
  }

  @Benchmark
  public int appendThenRead(Single s) {
    int seq = s.seq++;
    s.producer.appendFrame(42, 0, seq, seq * 960, 0, s.cluster, s.frame, 0, s.frame.length);
    if (s.reader.next() != JournalReader.Read.RECORD || s.reader.record().seq() != seq) {
      throw new IllegalStateException("read back something else than frame " + seq);
    }
    return s.reader.record().payloadLength();
  }

  /** One queue shared by the benchmark's threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    Path dir;
    UplinkJournal journal;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = newDir();
      journal = openJournal(dir);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      journal.close();
      delete(dir);
    }
  }

  /** A thread's producer on the shared queue. */
  @State(Scope.Thread)
  public static class SharedProducer {
    JournalProducer producer;
    byte[] frame = new byte[160];
    int cluster;
    int seq;
    long session = Thread.currentThread().threadId();

    @Setup(Level.Iteration)
    public void open(Shared shared) {
      producer = shared.journal.newProducer();
      cluster = shared.journal.clusterNumber("eu-west");
    }

    @TearDown(Level.Iteration)
    public void close() {
      producer.close();
    }
  }

  @Benchmark
  @Threads(2)
  public long appendSharedQueue(SharedProducer p) {
    int seq = p.seq++;
    return p.producer.appendFrame(p.session, 0, seq, seq * 960, 0, p.cluster, p.frame, 0, p.frame.length);
  }

  /** A thread's own queue. */
  @State(Scope.Thread)
  public static class OwnQueue {
    Path dir;
    UplinkJournal journal;
    JournalProducer producer;
    byte[] frame = new byte[160];
    int cluster;
    int seq;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = newDir();
      journal = openJournal(dir);
      producer = journal.newProducer();
      cluster = journal.clusterNumber("eu-west");
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      producer.close();
      journal.close();
      delete(dir);
    }
  }

  @Benchmark
  @Threads(2)
  public long appendOwnQueue(OwnQueue q) {
    int seq = q.seq++;
    return q.producer.appendFrame(7, 0, seq, seq * 960, 0, q.cluster, q.frame, 0, q.frame.length);
  }

  /** A producer on the benchmark thread and a tailer spinning on its own thread. */
  @State(Scope.Thread)
  public static class CrossThread {
    Path dir;
    UplinkJournal journal;
    JournalProducer producer;
    Thread tailerThread;
    volatile long lastRead = -1;
    volatile boolean running;
    byte[] frame = new byte[160];
    int cluster;
    int seq;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = newDir();
      journal = openJournal(dir);
      producer = journal.newProducer();
      cluster = journal.clusterNumber("eu-west");
      running = true;
      tailerThread = new Thread(() -> {
        try (JournalReader r = journal.newReader()) {
          while (running) {
            if (r.next() == JournalReader.Read.RECORD) {
              lastRead = r.record().index();
            } else {
              Thread.onSpinWait();
            }
          }
        }
      }, "journal-tailer");
      tailerThread.setDaemon(true);
      tailerThread.start();
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
      running = false;
      tailerThread.join(5000);
      producer.close();
      journal.close();
      delete(dir);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public long appendToTailerSeen(CrossThread c) {
    int seq = c.seq++;
    long index = c.producer.appendFrame(42, 0, seq, seq * 960, 0, c.cluster, c.frame, 0, c.frame.length);
    long spins = 0;
    while (c.lastRead < index) {
      if (++spins > 1_000_000_000L) {
        throw new IllegalStateException("the tailer never saw index " + Long.toHexString(index));
      }
      Thread.onSpinWait();
    }
    return index;
  }
}
