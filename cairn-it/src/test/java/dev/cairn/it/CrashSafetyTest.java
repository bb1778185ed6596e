package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildFinished;
import dev.cairn.core.build.BuildEvent.JobAccepted;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.store.Store;
import dev.cairn.store.StoreConfig;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.HistoryReplay;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, proved (issue 4, item 6): a 300-job build survives its server being killed with
 * SIGKILL several times at random moments.
 *
 * <p>Design note. Two agent processes of four spawns each run the build; the server is killed 3 to
 * 5 times, each time once a random number of jobs has started (read from the shared {@code
 * ran.txt}, so the schedule does not depend on the server answering) plus a random delay, and
 * restarted on the same port and data directory after a random downtime of 0.5 to 3 s. The agents
 * are never touched: their running jobs carry on while the server is down and deliver log chunks
 * and finish when it is back. Every random choice comes from one seeded {@link Random}; the seed is
 * printed and can be replayed with {@code -Dcairn.crash.seed=N}. On failure the server and agent
 * logs are copied to {@code target/crash-safety-<seed>/}. The class is long but one unit: every
 * assertion reads the same plan (commands, expected output, meta-data values) it is built from.
 *
 * <p>What must hold afterwards:
 *
 * <ul>
 *   <li>the build passed, with every job passed (REST API);
 *   <li>every job ran exactly once: {@code ran.txt} (appended by each job's command) holds each job
 *       id once, and the agent that ran it is the one the history assigned it to;
 *   <li>no log byte was lost: each job's stored log is, byte for byte, the header the agent writes,
 *       the job's known output, and one timestamp at the start of every line;
 *   <li>no event was lost or doubled: the stored history is contiguous, replays to the stored
 *       snapshot, the {@code builds} and {@code jobs} projections agree with it, and each job was
 *       scheduled, assigned, started and finished exactly once, in that order;
 *   <li>no meta-data value was lost: each job sets one key mid-run (possibly while the server is
 *       down, retrying), and the stored meta-data holds exactly those keys and values.
 * </ul>
 */
// Part of the default run. The stall once seen after a restart on a loaded machine was the agents'
// retry backoff outlasting a server restart of 20 to 26 s (see silenceAllowedAfter); test servers
// now start in a few seconds (the test kit's StartupOptions) and the stall limit allows for the
// backoff. Skip it with -Dcairn.excludedGroups=fault-injection.
@Tag("fault-injection")
class CrashSafetyTest {
  private static final int JOBS = 300;
  private static final int LINES = 200;
  private static final String PIPELINE = "crash";
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(4);
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
  private static final Pattern STAMP = Pattern.compile("\u001b_bk;t=\\d+\u0007");
  private static final Pattern STAMPED_LINE =
      Pattern.compile("\u001b_bk;t=\\d{13}\u0007[^\u001b\n]*\n");

  /**
   * Sets one meta-data value through the agent API's {@code data/set} with the job's token, as an
   * in-job {@code meta-data set} would (there is none yet). It retries while the server is down or
   * answers 5xx, for up to about a minute, and fails the job on any other answer; a repeated set of
   * the same value is harmless. It prints nothing on success, so the job's log stays known.
   */
  private static final String SET_META_DATA =
      """
      #!/bin/bash
      for attempt in $(seq 1 80); do
        code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 \\
          -H "Authorization: Token $BUILDKITE_AGENT_ACCESS_TOKEN" \\
          -H 'Content-Type: application/json' \\
          --data-binary "{\\"key\\":\\"$1\\",\\"value\\":\\"$2\\"}" \\
          "$BUILDKITE_AGENT_ENDPOINT/jobs/$BUILDKITE_JOB_ID/data/set" 2>/dev/null || true)
        case "$code" in
          2??) exit 0 ;;
          000|5??) sleep 0.5 ;;
          *) echo "meta-data set $1: HTTP $code" >&2; exit 3 ;;
        esac
      done
      echo "meta-data set $1: the server never answered" >&2
      exit 4
      """;

  @TempDir Path work;

  @Test
  void aBuildSurvivesRepeatedSigkillsOfItsServer() throws Exception {
    long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
    System.out.println(
        "CrashSafetyTest seed " + seed + " (replay: -Dcairn.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path ran = Files.createFile(work.resolve("ran.txt"));
    Map<String, String> metaData = metaData(random);
    Path setMetaData = Files.writeString(work.resolve("set-meta-data.sh"), SET_META_DATA);
    Files.setPosixFilePermissions(setMetaData, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> commands = commands(ran, setMetaData, metaData, random);
    List<Integer> killAfter = killSchedule(random);
    System.out.println("CrashSafetyTest kills after these many jobs started: " + killAfter);

    ServerProcess server = ServerProcess.start(work.resolve("data"));
    RestApi api = server.api();
    AgentProcess a = AgentProcess.start(server, "crash-a", 4, work);
    AgentProcess b = AgentProcess.start(server, "crash-b", 4, work);
    try {
      api.createPipeline(PIPELINE, yaml(commands));
      long number = api.createBuild(PIPELINE);
      Duration outage = Duration.ZERO;
      for (int threshold : killAfter) {
        awaitStarted(ran, threshold, silenceAllowedAfter(outage));
        Instant killed = Instant.now();
        server = crashAndRestart(server, random);
        outage = Duration.between(killed, Instant.now());
      }
      JsonNode build = awaitFinished(api, number, server, a, b);

      System.out.println(
          "CrashSafetyTest: agent calls retried " + retries(a.output() + b.output()));
      assertPassed(api, number, build);
      Map<String, String> ranBy = assertRanExactlyOnce(ran, build);
      assertLogsComplete(api, number, build, commands);
      a.close();
      b.close();
      server.close();
      assertStoredBuildConsistent(server.dataDir(), build.path("id").asText(), ranBy, metaData);
    } catch (AssertionError | RuntimeException e) {
      Path kept = keepLogs(seed);
      throw new AssertionError(
          e.getMessage()
              + "\n(seed "
              + seed
              + "; server and agent logs kept in "
              + kept
              + ")\n--- server (tail)\n"
              + tail(server.output(), 100)
              + "\n--- agents (warnings)\n"
              + warnings(a.output() + b.output()),
          e);
    } finally {
      a.close();
      b.close();
      server.close();
    }
  }

  // ---- the plan: steps with known output, and when to kill ----

  /** Step key to the meta-data value its job sets, under {@code job-<key>}. */
  private static Map<String, String> metaData(Random random) {
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < JOBS; i++) {
      String key = "j%03d".formatted(i);
      values.put(key, "v-" + key + "-" + Long.toHexString(random.nextLong()));
    }
    return values;
  }

  /**
   * Step key to command, in step order. Each job records itself in {@code ran}, then prints known
   * lines, pausing four times; at the second pause it sets its meta-data value.
   */
  private static Map<String, String> commands(
      Path ran, Path setMetaData, Map<String, String> metaData, Random random) {
    Map<String, String> commands = new LinkedHashMap<>();
    for (int i = 0; i < JOBS; i++) {
      String key = "j%03d".formatted(i);
      StringBuilder pauses = new StringBuilder();
      for (int quarter = 1; quarter <= 4; quarter++) {
        pauses
            .append(LINES * quarter / 4)
            .append(") sleep 0.")
            .append(String.format(Locale.ROOT, "%02d", 2 + random.nextInt(19)))
            .append(
                quarter == 2 ? "; " + setMetaData + " job-" + key + " " + metaData.get(key) : "")
            .append(";; ");
      }
      commands.put(
          key,
          "echo \"$BUILDKITE_JOB_ID $BUILDKITE_AGENT_NAME\" >> "
              + ran
              + "; for n in $(seq 1 "
              + LINES
              + "); do printf '%s "
              + key
              + " line %03d of "
              + LINES
              + ", the quick brown fox jumps over the lazy dog\\n' \"$BUILDKITE_JOB_ID\" \"$n\";"
              + " case $n in "
              + pauses
              + "esac; done");
    }
    return commands;
  }

  private static String yaml(Map<String, String> commands) {
    StringBuilder yaml = new StringBuilder("steps:\n");
    commands.forEach((key, command) ->
        yaml.append("  - key: ")
            .append(key)
            .append("\n    command: |-\n      ")
            // Stored steps are interpolated when the build is created; $$ leaves the shell its $.
            .append(command.replace("$", "$$"))
            .append('\n'));
    return yaml.toString();
  }

  /** The output a job prints, given its id, as its terminal passes it on (\n becomes \r\n). */
  private static String output(String jobId, String key) {
    StringBuilder out = new StringBuilder();
    for (int n = 1; n <= LINES; n++) {
      out.append(
          "%s %s line %03d of %d, the quick brown fox jumps over the lazy dog\r\n"
              .formatted(jobId, key, n, LINES));
    }
    return out.toString();
  }

  /** 3 to 5 distinct counts of started jobs, ascending, each a moment to kill the server. */
  private static List<Integer> killSchedule(Random random) {
    int kills = 3 + random.nextInt(3);
    TreeSet<Integer> at = new TreeSet<>();
    while (at.size() < kills) {
      at.add(10 + random.nextInt(JOBS - 30));
    }
    return List.copyOf(at);
  }

  // ---- chaos ----

  private static ServerProcess crashAndRestart(ServerProcess server, Random random)
      throws InterruptedException {
    Thread.sleep(random.nextInt(700));
    Instant killed = Instant.now();
    server.kill();
    long downtime = 500L + random.nextInt(2501);
    Thread.sleep(downtime);
    ServerProcess restarted = server.restart();
    System.out.printf(
        "CrashSafetyTest: SIGKILLed server pid %d, down %d ms, back as pid %d after %d ms%n",
        server.pid(),
        downtime,
        restarted.pid(),
        Duration.between(killed, Instant.now()).toMillis());
    return restarted;
  }

  /**
   * How long no job may start, after a server that was down for {@code outage} answers again,
   * before the build counts as stuck. An agent worker that was uploading a log chunk or finishing a
   * job when the server died retries on the agent API's schedule (spec: chunks and finish from 2 s
   * growing ×1.6, start from 2 s doubling, each with up to 50% jitter), so the attempt after the
   * server is back can come up to about twice the outage later, and until then that worker starts
   * nothing. At a load average of 12 to 20 a restart took 20 to 26 s (measured, before the test
   * kit's faster starts), which left too little of a fixed minute: a stall seen once in six runs.
   * So the limit is a minute beyond that backoff, not a minute flat.
   */
  static Duration silenceAllowedAfter(Duration outage) {
    return STALL_LIMIT.plus(outage.multipliedBy(2));
  }

  /**
   * Waits until {@code jobs} jobs have started; fails when no job started for {@code limit} (a
   * stuck build, not a slow one).
   */
  private static void awaitStarted(Path ran, int jobs, Duration limit)
      throws InterruptedException, IOException {
    long seen = lineCount(ran);
    Instant stalledSince = Instant.now();
    Duration longest = Duration.ZERO;
    while (seen < jobs) {
      Thread.sleep(10);
      long now = lineCount(ran);
      if (now > seen) {
        Duration silence = Duration.between(stalledSince, Instant.now());
        longest = silence.compareTo(longest) > 0 ? silence : longest;
        seen = now;
        stalledSince = Instant.now();
      } else if (Duration.between(stalledSince, Instant.now()).compareTo(limit) > 0) {
        throw new AssertionError(
            "no job started for %s; %d started, waiting for %d".formatted(limit, seen, jobs));
      }
    }
    System.out.printf(
        "CrashSafetyTest: %d jobs started; longest time without a start %d ms (allowed %d ms)%n",
        seen, longest.toMillis(), limit.toMillis());
  }

  private static long lineCount(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private static JsonNode awaitFinished(
      RestApi api, long number, ServerProcess server, AgentProcess a, AgentProcess b)
      throws InterruptedException {
    try {
      return api.awaitFinished(PIPELINE, number, BUILD_LIMIT);
    } catch (IllegalStateException e) {
      throw new AssertionError(
          "the build did not finish; job states "
              + jobStates(api.build(PIPELINE, number))
              + "\n--- server (tail)\n"
              + tail(server.output(), 150)
              + "\n--- agents (warnings)\n"
              + warnings(a.output() + b.output()),
          e);
    }
  }

  // ---- assertions through the REST API and the shared file ----

  private static void assertPassed(RestApi api, long number, JsonNode build) {
    for (JsonNode job : build.path("jobs")) {
      if (!job.path("state").asText().equals("passed")) {
        throw new AssertionError(
            "job %s is %s; job states %s; its log:%n%s"
                .formatted(
                    job.path("step_key").asText(),
                    job.path("state").asText(),
                    jobStates(build),
                    tail(api.log(PIPELINE, number, job.path("id").asText()), 20)));
      }
    }
    assertThat(build.path("state").asText()).isEqualTo("passed");
    assertThat(build.path("jobs").size()).isEqualTo(JOBS);
    for (JsonNode job : build.path("jobs")) {
      assertThat(job.path("state").asText()).as(job.path("step_key").asText()).isEqualTo("passed");
      assertThat(job.path("exit_status").asInt(-1)).as(job.path("step_key").asText()).isZero();
    }
  }

  /** Returns job id to the name of the agent that ran it. */
  private static Map<String, String> assertRanExactlyOnce(Path ran, JsonNode build)
      throws IOException {
    List<String> lines = Files.readAllLines(ran);
    List<String> ids = lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
    assertThat(ids).as("jobs that ran").hasSize(JOBS).doesNotHaveDuplicates();
    List<String> jobIds = new ArrayList<>();
    build.path("jobs").forEach(j -> jobIds.add(j.path("id").asText()));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(jobIds);
    return lines.stream()
        .collect(
            Collectors.toMap(
                l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
  }

  /**
   * The JSON form of the log returns the stored bytes as they are, timestamps included; {@code
   * log.txt} returns them with the timestamps stripped. Both must be exactly what the agent wrote.
   */
  private static void assertLogsComplete(
      RestApi api, long number, JsonNode build, Map<String, String> commands) {
    for (JsonNode job : build.path("jobs")) {
      String id = job.path("id").asText();
      String key = job.path("step_key").asText();
      String expected = "~~~ Running commands\n$ " + commands.get(key) + "\n" + output(id, key);
      JsonNode stored =
          api.json("GET", api.buildPath(PIPELINE, number) + "/jobs/" + id + "/log", null);
      String log = stored.path("content").asText();
      assertThat(stored.path("size").asLong())
          .as("job %s: stored log size", key)
          .isEqualTo(log.getBytes(StandardCharsets.UTF_8).length);
      assertThat(log.split("(?<=\n)"))
          .as("job %s: every line of the stored log starts with one timestamp", key)
          .allSatisfy(line -> assertThat(line).matches(STAMPED_LINE));
      assertThat(STAMP.matcher(log).replaceAll(""))
          .as("job %s: stored log without timestamps", key)
          .isEqualTo(expected);
      assertThat(api.log(PIPELINE, number, id)).as("job %s: log.txt", key).isEqualTo(expected);
    }
  }

  // ---- assertions on the stored history (server stopped) ----

  /**
   * Reads the data directory directly (the REST API exposes neither the history nor, yet, the
   * build's meta-data), through the store's own front door, with every server stopped.
   */
  private static void assertStoredBuildConsistent(
      Path dataDir, String buildId, Map<String, String> ranBy, Map<String, String> metaData)
      throws SQLException {
    StoreConfig config = StoreConfig.embedded(dataDir);
    List<BuildEvent> history;
    BuildState snapshot;
    Map<String, String> storedMetaData = new TreeMap<>();
    try (Store store = Store.open(config)) {
      history = store.builds().history(buildId);
      snapshot = store.builds().load(buildId).orElseThrow();
      for (String key : store.metaData().keys(buildId)) {
        storedMetaData.put(key, store.metaData().get(buildId, key).orElse(null));
      }
    }
    Map<String, String> expectedMetaData = new TreeMap<>();
    metaData.forEach((key, value) -> expectedMetaData.put("job-" + key, value));
    assertThat(storedMetaData).as("meta-data").isEqualTo(expectedMetaData);
    HistoryReplay.verify(history, snapshot); // the fold, and every decision decided again
    assertThat(snapshot.version()).isEqualTo(history.size());
    assertThat(history.getLast()).isInstanceOf(BuildFinished.class);
    assertThat(history.stream().filter(BuildFinished.class::isInstance)).hasSize(1);
    assertThat(history.stream().filter(JobsAdded.class::isInstance)).hasSize(1);
    assertEachJobOnce(history, snapshot, ranBy);
    assertProjections(config, buildId, snapshot, history.size());
  }

  private static void assertEachJobOnce(
      List<BuildEvent> history, BuildState snapshot, Map<String, String> ranBy) {
    Map<String, List<String>> lives = new HashMap<>();
    Map<String, String> assignedTo = new HashMap<>();
    for (BuildEvent event : history) {
      String jobId =
          switch (event) {
            case JobScheduled e -> e.jobId();
            case JobAssigned e -> {
              assignedTo.put(e.jobId(), e.agentName());
              yield e.jobId();
            }
            case JobAccepted e -> e.jobId();
            case JobStarted e -> e.jobId();
            case JobFinished e -> e.jobId();
            case BuildEvent.BuildCreated e -> null;
            case JobsAdded e -> null;
            case BuildFinished e -> null;
            default -> "unexpected " + event.getClass().getSimpleName();
          };
      if (jobId != null) {
        lives.computeIfAbsent(jobId, k -> new ArrayList<>()).add(event.getClass().getSimpleName());
      }
    }
    assertThat(lives.keySet()).containsExactlyInAnyOrderElementsOf(snapshot.jobs().keySet());
    for (Job job : snapshot.jobList()) {
      assertThat(job.exitStatus()).as("exit status of %s", job.id()).contains(0);
    }
    lives.forEach((jobId, life) ->
        assertThat(withoutRepeatedAccepts(life))
            .as("history of job %s", jobId)
            .containsExactly(
                "JobScheduled", "JobAssigned", "JobAccepted", "JobStarted", "JobFinished"));
    assertThat(assignedTo).as("the agent each job was assigned to ran it").isEqualTo(ranBy);
  }

  /**
   * A retried accept (its reply lost in a crash) is allowed: it appends another JobAccepted for the
   * same agent with a fresh token. Everything else must happen exactly once.
   */
  private static List<String> withoutRepeatedAccepts(List<String> life) {
    List<String> kept = new ArrayList<>();
    for (String step : life) {
      if (!(step.equals("JobAccepted") && !kept.isEmpty() && kept.getLast().equals(step))) {
        kept.add(step);
      }
    }
    return kept;
  }

  private static void assertProjections(
      StoreConfig config, String buildId, BuildState snapshot, int events) throws SQLException {
    try (Connection db = DriverManager.getConnection(config.jdbcUrl())) {
      List<Long> seqs =
          column(db, "SELECT seq FROM build_events WHERE build_id = ? ORDER BY seq", buildId);
      assertThat(seqs).as("event sequence numbers").hasSize(events);
      for (int i = 0; i < seqs.size(); i++) {
        assertThat(seqs.get(i)).isEqualTo(i + 1L);
      }
      Map<String, String> rows = new TreeMap<>();
      try (PreparedStatement q =
          db.prepareStatement("SELECT id, state, agent_id FROM jobs WHERE build_id = ?")) {
        q.setString(1, buildId);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
          }
        }
      }
      Map<String, String> expected = new TreeMap<>();
      for (Job job : snapshot.jobList()) {
        expected.put(job.id(), job.state().apiName() + " " + job.agentId().orElse(null));
      }
      assertThat(rows).as("jobs projection").isEqualTo(expected);
    }
  }

  private static List<Long> column(Connection db, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement q = db.prepareStatement(sql)) {
      q.setString(1, parameter);
      List<Long> values = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getLong(1));
        }
      }
      return values;
    }
  }

  // ---- diagnostics ----

  private static Map<String, Long> jobStates(JsonNode build) {
    Map<String, Long> states = new TreeMap<>();
    build.path("jobs").forEach(j -> states.merge(j.path("state").asText(), 1L, Long::sum));
    return states;
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Copies the processes' logs out of the temporary directory, which JUnit deletes. */
  private Path keepLogs(long seed) throws IOException {
    Path kept = Files.createDirectories(Path.of("target", "crash-safety-" + seed));
    try (var files = Files.list(work)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return kept.toAbsolutePath();
  }

  /** How many times each kind of agent call was retried, from the agents' warnings. */
  private static Map<String, Long> retries(String agentOutput) {
    Pattern call = Pattern.compile("(GET|PUT|POST) (\\S+?)[ ?].*retrying in");
    Map<String, Long> counts = new TreeMap<>();
    agentOutput
        .lines()
        .map(call::matcher)
        .filter(java.util.regex.Matcher::find)
        .map(m -> m.group(1) + " " + m.group(2).replaceAll("[0-9a-f-]{36}", "*"))
        .forEach(c -> counts.merge(c, 1L, Long::sum));
    return counts;
  }

  private static String warnings(String text) {
    return tail(
        text.lines()
            .filter(l -> l.contains("WARN") || l.contains("ERROR"))
            .collect(Collectors.joining("\n")),
        150);
  }
}
