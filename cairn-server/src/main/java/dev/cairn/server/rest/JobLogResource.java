package dev.cairn.server.rest;

import dev.cairn.core.port.LogStore;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's log: {@code .../jobs/{job}/log} as Buildkite's JSON ({@code url}, {@code content}, {@code
 * size}), or the raw bytes from {@code .../log.txt} or with {@code Accept: text/plain}. The {@code
 * offset} query parameter (a Cairn extension) returns the log from that byte on, so a client can
 * tail a running job.
 */
final class JobLogResource {
  private static final int MAX_READ = 64 * 1024 * 1024;

  private final BuildResource builds;
  private final LogStore logs;

  JobLogResource(BuildResource builds, LogStore logs) {
    this.builds = builds;
    this.logs = logs;
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
      res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      res.send(bytes);
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", req.requestedUri().toUri().toString());
    json.put("content", new String(bytes, StandardCharsets.UTF_8));
    json.put("size", bytes.length);
    json.put("header_times", java.util.List.of());
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
