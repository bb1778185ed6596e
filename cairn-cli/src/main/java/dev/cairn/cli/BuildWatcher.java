package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Follows a build through the REST API and prints it as it happens: a line when a job starts (label
 * and agent), its log lines as they arrive (prefixed with the label, so jobs running side by side
 * stay readable), and a line when it ends (result and duration); then a summary with one line per
 * job. ANSI timestamp escapes in logs are stripped for the terminal.
 */
final class BuildWatcher {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Set<String> FINAL_STATES =
      Set.of(
          "passed",
          "failed",
          "canceled",
          "broken",
          "skipped",
          "waiting_failed",
          "expired",
          "timed_out");

  private final RestClient api;
  private final PrintStream out;
  private final Map<String, JobView> jobs = new LinkedHashMap<>();

  BuildWatcher(RestClient api, PrintStream out) {
    this.api = api;
    this.out = out;
  }

  /** One job as the terminal shows it: how much of its log is printed, and whether it ended. */
  private static final class JobView {
    final String label;
    long printed;
    boolean opened;
    boolean closed;
    final LineAssembler lines = new LineAssembler();

    JobView(String label) {
      this.label = label;
    }
  }

  /** Watches until the build ends; returns its final JSON. */
  JsonNode watch(String buildPath, Duration limit) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      JsonNode build = api.get(buildPath);
      for (JsonNode job : build.path("jobs")) {
        if ("script".equals(job.path("type").asText())) {
          follow(buildPath, job);
        }
      }
      if (FINAL_STATES.contains(build.path("state").asText()) && allClosed()) {
        return build;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("the build did not finish within " + limit);
      }
      Thread.sleep(POLL);
    }
  }

  private boolean allClosed() {
    return jobs.values().stream().allMatch(j -> j.closed || !j.opened);
  }

  private void follow(String buildPath, JsonNode job) throws IOException, InterruptedException {
    String id = job.path("id").asText();
    JobView view = jobs.computeIfAbsent(id, k -> new JobView(label(job)));
    String state = job.path("state").asText();
    if (view.closed || (job.path("started_at").isNull() && !FINAL_STATES.contains(state))) {
      return;
    }
    if (!view.opened) {
      view.opened = true;
      out.println(
          "▶ " + view.label + "  (agent " + job.path("agent").path("name").asText("-") + ")");
    }
    byte[] chunk = api.getBytes(buildPath + "/jobs/" + id + "/log.txt?offset=" + view.printed);
    view.printed += chunk.length;
    for (String line : view.lines.add(chunk)) {
      out.println(view.label + " │ " + line);
    }
    if (FINAL_STATES.contains(state)) {
      view.lines.rest().ifPresent(line -> out.println(view.label + " │ " + line));
      view.closed = true;
      out.println(resultLine(job));
    }
  }

  /**
   * The job's name on one line: a step without a label is named by its command, which may have many
   * lines, and each log line is prefixed with this.
   */
  static String label(JsonNode job) {
    String name = job.path("name").asText().strip();
    int newline = name.indexOf('\n');
    return newline < 0 ? name : name.substring(0, newline).strip() + " …";
  }

  static String resultLine(JsonNode job) {
    String state = job.path("state").asText();
    String mark = "passed".equals(state) ? "✔" : "✘";
    String exit =
        job.path("exit_status").isNull() ? "" : " (exit " + job.path("exit_status").asText() + ")";
    return mark
        + " "
        + label(job)
        + "  "
        + state
        + exit
        + "  agent "
        + job.path("agent").path("name").asText("-")
        + "  "
        + duration(job);
  }

  static String duration(JsonNode job) {
    if (job.path("started_at").isNull() || job.path("finished_at").isNull()) {
      return "-";
    }
    Duration d =
        Duration.between(
            Instant.parse(job.path("started_at").asText()),
            Instant.parse(job.path("finished_at").asText()));
    return String.format(java.util.Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }
}
