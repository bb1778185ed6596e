package dev.cairn.server.agentapi;

import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code POST /v3/jobs/{id}/chunks?sequence=&offset=&size=}: one piece of a job's log, gzip
 * compressed ({@link dev.cairn.server.http.GzipRequestDecoding} decodes it). Chunks arrive
 * concurrently, out of order and sometimes twice; the log store places each by its offset, so order
 * and repeats do not matter.
 */
final class LogChunkHandler implements Handler {
  private static final int MAX_CHUNK_BYTES = 16 * 1024 * 1024;

  private final JobLifecycle jobs;
  private final JobAccess access;

  LogChunkHandler(JobLifecycle jobs, JobAccess access) {
    this.jobs = jobs;
    this.access = access;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var job = access.job(req, res);
    if (job.isEmpty()) {
      return;
    }
    long offset = number(req, "offset");
    long size = number(req, "size");
    byte[] data = read(req);
    if (data.length != size) {
      throw new BadRequestException(
          "chunk size says " + size + " bytes but the body holds " + data.length);
    }
    jobs.appendLog(job.get().id(), offset, data);
    Replies.json(res, Status.CREATED_201, Map.of());
  }

  private static long number(ServerRequest req, String name) {
    var value = req.query().first(name);
    if (value.isEmpty()) {
      throw new BadRequestException("chunks needs the query parameter " + name);
    }
    try {
      long n = Long.parseLong(value.get());
      if (n < 0) {
        throw new BadRequestException(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestException(name + " must be a whole number, got " + value.get());
    }
  }

  /** The decoded body (the server gunzips it), refusing chunks larger than any agent sends. */
  private static byte[] read(ServerRequest req) {
    if (!req.content().hasEntity()) {
      return new byte[0];
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] data = in.readNBytes(MAX_CHUNK_BYTES + 1);
      if (data.length > MAX_CHUNK_BYTES) {
        throw new BadRequestException("a chunk may hold at most " + MAX_CHUNK_BYTES + " bytes");
      }
      return data;
    } catch (IOException | UncheckedIOException e) {
      throw new BadRequestException("the chunk body cannot be read: " + e.getMessage());
    }
  }
}
