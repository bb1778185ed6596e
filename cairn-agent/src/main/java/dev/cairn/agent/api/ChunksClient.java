package dev.cairn.agent.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code POST jobs/{id}/chunks?sequence=&offset=&size=} (spec §3.6): one log chunk,
 * gzip-compressed, with its 1-based sequence, its byte offset in the whole log and its uncompressed
 * size. Bound to the job token. One attempt per call. Thread-safe.
 */
public final class ChunksClient {
  private static final Map<String, String> HEADERS =
      Map.of("Content-Type", "text/plain", "Content-Encoding", "gzip");

  private final ApiTransport transport;
  private final String jobId;
  private final String token;

  public ChunksClient(ApiTransport transport, String jobId, String token) {
    this.transport = transport;
    this.jobId = jobId;
    this.token = token;
  }

  public void upload(int sequence, long offset, byte[] data)
      throws AgentApiException, InterruptedException {
    String path =
        "jobs/%s/chunks?sequence=%d&offset=%d&size=%d"
            .formatted(ApiTransport.escape(jobId), sequence, offset, data.length);
    transport.bytes("POST", path, token, gzip(data), HEADERS);
  }

  /**
   * Gzip at the fastest level: log text still compresses well, and the CPU the agent saves is left
   * to the job it runs.
   */
  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
    try (GZIPOutputStream gzip = new FastGzip(out, data.length)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * A gzip stream at {@link Deflater#BEST_SPEED}, its buffer no bigger than the chunk (most are a
   * few hundred bytes, and a 64 KiB buffer for each was most of what a trivial job allocated).
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(ByteArrayOutputStream out, int size) throws IOException {
      super(out, Math.clamp(size, 512, 64 * 1024));
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
