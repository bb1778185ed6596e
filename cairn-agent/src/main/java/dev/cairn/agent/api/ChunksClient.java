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
    try (GZIPOutputStream gzip = new FastGzip(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip cannot fail", e);
    }
    return out.toByteArray();
  }

  /** A gzip stream at {@link Deflater#BEST_SPEED}. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
