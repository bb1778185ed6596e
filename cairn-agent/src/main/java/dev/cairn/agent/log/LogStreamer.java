package dev.cairn.agent.log;

import dev.cairn.agent.api.ChunksClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import dev.cairn.protocol.Job;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one job's log to the server.
 *
 * <p>Design note (spec §3.6, Buildkite's {@code agent/log_streamer.go}): writers append to an
 * in-memory buffer through the {@link Timestamper} (or the {@link LineTimestamper}, or neither, as
 * configured); a ticker thread drains the buffer every {@code chunks_interval_seconds} (0 means 1
 * s), and at once when a full chunk is pending; the log's first bytes are cut at once by the thread
 * that wrote them. The buffer holds up to {@value #BUFFERED_CHUNKS} chunks, or {@value
 * #BUFFER_MIN_BYTES} bytes when that is more; beyond that the writer waits, so a job printing
 * faster than its log uploads is slowed (as a slow terminal would slow it) rather than growing the
 * agent's memory. The {@link Chunker} cuts the drained bytes into chunks of at most {@code
 * chunks_max_size_bytes} with 1-based sequences and running byte offsets, and the {@link
 * ChunkUploader} sends them concurrently. Cutting happens under one lock, so sequences and offsets
 * are assigned in log order even though uploads finish in any order. {@link #close} stops the
 * ticker, cuts what is left and waits for every upload, so the finish call that follows reports an
 * exact {@code chunks_failed_count}. The log size limit is soft: exceeding it only warns once.
 *
 * <p>Thread-safe: {@link #output()} may be written from any thread; {@link #close} is called once.
 */
public final class LogStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(LogStreamer.class);
  private static final int DEFAULT_CHUNK_BYTES = 100 * 1024;
  private static final long DEFAULT_LOG_MAX_BYTES = 1L << 30;
  private static final int BUFFERED_CHUNKS = 4;
  private static final int BUFFER_MIN_BYTES = 2 * 1024 * 1024;

  private final String label;
  private final LogBuffer buffer;
  private final OutputStream stamped;
  private final OutputStream output;
  private final Chunker chunker;
  private final ChunkUploader uploader;
  private final long logMaxBytes;
  private final Object cutLock = new Object();
  private boolean warnedTooLarge;
  private Thread ticker;

  private LogStreamer(
      Job job, String label, ChunkUploader uploader, Timing timing, LogTimestamps timestamps) {
    this.label = label;
    int chunkBytes = chunkBytes(job);
    long limit = Math.max(BUFFER_MIN_BYTES, (long) chunkBytes * BUFFERED_CHUNKS);
    this.buffer =
        new LogBuffer(
            chunkBytes, Math.max(chunkBytes, (int) Math.min(limit, Integer.MAX_VALUE - 8)));
    this.stamped =
        switch (timestamps) {
          case ANSI -> new Timestamper(buffer, timing.clock());
          case LINE_PREFIX -> new LineTimestamper(buffer, timing.clock());
          case NONE -> buffer;
        };
    this.output = new FirstBytesNow(stamped);
    this.chunker = new Chunker(chunkBytes);
    this.uploader = uploader;
    this.logMaxBytes = job.logMaxSizeBytes() > 0 ? job.logMaxSizeBytes() : DEFAULT_LOG_MAX_BYTES;
  }

  /**
   * Starts streaming the log of {@code job}, uploading with {@code chunks}; {@code label} names the
   * agent and job in log lines.
   */
  public static LogStreamer start(
      Job job, String label, ChunksClient chunks, Retrier retrier, Timing timing) {
    return start(job, label, chunks, retrier, timing, LogTimestamps.ANSI);
  }

  /**
   * As {@link #start(Job, String, ChunksClient, Retrier, Timing)}, with the lines stamped as {@code
   * timestamps} says ({@code --no-ansi-timestamps}, {@code --timestamp-lines}).
   */
  public static LogStreamer start(
      Job job,
      String label,
      ChunksClient chunks,
      Retrier retrier,
      Timing timing,
      LogTimestamps timestamps) {
    ChunkUploader uploader = new ChunkUploader(label, chunks, retrier, RetryPolicy.UPLOAD);
    LogStreamer streamer = new LogStreamer(job, label, uploader, timing, timestamps);
    Duration interval = Duration.ofSeconds(Math.max(1, job.chunksIntervalSeconds()));
    streamer.ticker =
        Thread.ofVirtual().name("cairn-log-" + job.id()).start(() -> streamer.tickEvery(interval));
    return streamer;
  }

  /** Where the job's output goes; every line is timestamped as asked when started. */
  public OutputStream output() {
    return output;
  }

  /** Flushes everything, waits for all uploads and returns how many chunks were dropped. */
  public int close() throws InterruptedException {
    ticker.interrupt();
    ticker.join();
    buffer.release();
    finishLastLine();
    cut();
    uploader.awaitIdle();
    return uploader.failedCount();
  }

  /** Lets the {@link LineTimestamper} out with a last line that had no newline. */
  private void finishLastLine() {
    try {
      stamped.close();
    } catch (IOException e) {
      LOG.warn("{}: the log's last line was lost: {}", label, e.getMessage());
    }
  }

  private void tickEvery(Duration interval) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        buffer.awaitCut(interval);
        cut();
      }
    } catch (InterruptedException e) {
      // close() stops the ticker this way and does the final cut itself.
    }
  }

  private void cut() {
    synchronized (cutLock) {
      chunker.cut(buffer.drain()).forEach(uploader::submit);
      if (chunker.bytesCut() > logMaxBytes && !warnedTooLarge) {
        warnedTooLarge = true;
        LOG.warn("{}: log exceeds {} bytes; the server may drop the rest", label, logMaxBytes);
      }
    }
  }

  /**
   * Cuts the log's first bytes on the thread that wrote them, at once, rather than waking the
   * ticker for it: the upload that shows the job has started then runs while the step starts. On a
   * busy agent the ticker's wake-up took about two milliseconds, so a short job's only chunk was
   * often still uploading when the job ended, and its finish call waited for it.
   */
  private final class FirstBytesNow extends OutputStream {
    private final OutputStream out;
    private final AtomicBoolean cut = new AtomicBoolean();

    FirstBytesNow(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      // A plain read first: every later write of the log passes here, and a failing
      // compare-and-set would still be an atomic write on each.
      if (length > 0 && !cut.get() && cut.compareAndSet(false, true)) {
        cut();
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }

  private int chunkBytes(Job job) {
    long size = job.chunksMaxSizeBytes();
    if (size > 0) {
      return (int) Math.min(size, Integer.MAX_VALUE);
    }
    LOG.warn("{}: no chunks_max_size_bytes from the server, using {}", label, DEFAULT_CHUNK_BYTES);
    return DEFAULT_CHUNK_BYTES;
  }
}
