package dev.cairn.server.agentapi;

import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST jobs/{id}/header_times}: when v3 agents run without ANSI timestamps they report when
 * each section header ({@code ---}, {@code +++}, {@code ~~~}) was printed, as {@code
 * {"header_times": {"<index>": "<RFC3339Nano>"}}} with indices continuing across batches. The REST
 * log reply returns them as {@code header_times}.
 */
final class HeaderTimesHandler implements Handler {
  private final JobLifecycle jobs;
  private final JobAccess access;

  HeaderTimesHandler(JobLifecycle jobs, JobAccess access) {
    this.jobs = jobs;
    this.access = access;
  }

  record Body(Map<String, String> headerTimes) {}

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var job = access.job(req, res);
    if (job.isEmpty()) {
      return;
    }
    Body body = Replies.body(req, Body.class, new Body(Map.of()));
    Map<Long, Instant> times = new LinkedHashMap<>();
    if (body.headerTimes() != null) {
      body.headerTimes().forEach((index, at) -> times.put(index(index), time(at)));
    }
    jobs.headerTimes(job.get().id(), times);
    Replies.json(res, Status.OK_200, Map.of());
  }

  private static long index(String index) {
    try {
      long n = Long.parseLong(index);
      if (n < 0) {
        throw new BadRequestException("header_times indices must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestException("header_times keys must be whole numbers, got " + index);
    }
  }

  private static Instant time(String at) {
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new BadRequestException("header_times values must be RFC 3339 times, got " + at);
    }
  }
}
