package dev.cairn.server.rest;

import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.port.LogStore;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's log: {@code .../jobs/{job}/log} as Buildkite's JSON ({@code url}, {@code content}, {@code
 * size}, {@code header_times}), or plain text from {@code .../log.txt} or with {@code Accept:
 * text/plain}. The {@code offset} query parameter (a Cairn extension) returns the log from that
 * byte of the stored log on, so a client can tail a running job.
 *
 * <p>Timestamps, as Buildkite does it: storage keeps the exact bytes the agent sent, ANSI timestamp
 * escapes ({@code ESC _bk;t=<ms> BEL}) included. The JSON form returns them untouched in {@code
 * content} (a viewer such as Buildkite's strips them and shows the times), with the header times v3
 * agents report when ANSI timestamps are off in {@code header_times} (epoch milliseconds, in header
 * order). Plain text strips the escapes, so {@code log.txt} reads like the terminal did; {@code
 * ?timestamps=true} keeps the times instead, as an {@code [RFC 3339] } prefix on each line. {@code
 * size} and {@code offset} always count stored bytes.
 */
final class JobLogResource {
  private static final int MAX_READ = 64 * 1024 * 1024;

  private final BuildResource builds;
  private final LogStore logs;
  private final JobLifecycle jobs;

  JobLogResource(BuildResource builds, LogStore logs, JobLifecycle jobs) {
    this.builds = builds;
    this.logs = logs;
    this.jobs = jobs;
  }

  void json(ServerRequest req, ServerResponse res) {
    boolean plain =
        req.headers().first(HeaderNames.ACCEPT).map(a -> a.startsWith("text/plain")).orElse(false);
    read(req, res, plain);
  }

  void raw(ServerRequest req, ServerResponse res) {
    read(req, res, true);
  }

  private void read(ServerRequest req, ServerResponse res, boolean plain) {
    var build = builds.find(req, res);
    if (build.isEmpty()) {
      return;
    }
    String jobId = req.path().pathParameters().get("job");
    if (build.get().job(jobId).isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "No job found");
      return;
    }
    byte[] bytes = logs.read(jobId, offset(req), MAX_READ);
    if (plain) {
      boolean timestamps = req.query().first("timestamps").map(Boolean::parseBoolean).orElse(false);
      res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      res.send(timestamps ? AnsiTimestamps.prefix(bytes) : AnsiTimestamps.strip(bytes));
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", req.requestedUri().toUri().toString());
    json.put("content", new String(bytes, StandardCharsets.UTF_8));
    json.put("size", bytes.length);
    json.put("header_times", jobs.headerTimes(jobId).stream().map(Instant::toEpochMilli).toList());
    Replies.ok(res, json);
  }

  private static long offset(ServerRequest req) {
    var value = req.query().first("offset");
    if (value.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      throw new BadRequestException("offset must be a whole number of bytes");
    }
  }
}
