package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.AgentConfig.SpawnPriority;
import dev.cairn.agent.FakeAgentApi.Chunk;
import dev.cairn.agent.api.Timing;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent end to end: real {@code bash} child processes against {@link FakeAgentApi} over real
 * HTTP. Waits are on server events, never on elapsed time; the server's intervals are 1 s.
 */
final class AgentTest {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path buildPath;
  private FakeAgentApi server;
  private Agent agent;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = FakeAgentApi.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (agent != null) {
      agent.cancelAndStop();
      assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    }
    server.close();
    assertThat(server.problems()).isEmpty();
  }

  @Test
  void runsTheCommandStreamsItsLogAndReportsItsExitStatus() throws Exception {
    start(config());
    server.enqueue("job-1", command("echo hello; exit 3"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("3");
    assertThat(finish.signalReason()).isNull();
    assertThat(finish.signal()).isNull();
    assertThat(finish.chunksFailedCount()).isZero();
    assertThat(finish.finishedAt()).endsWith("Z");
    assertThat(server.log("job-1")).contains("hello\r\n");
    assertThat(server.rawLog("job-1")).containsPattern("\u001b_bk;t=\\d{13}\u0007hello\r\n");
    assertThat(server.calls())
        .containsSubsequence(
            "POST register",
            "POST connect",
            // Cairn's accept-and-start, which this fake server (like Buildkite's) ignores,
            // answering "accepted": so the agent starts the job itself.
            "PUT jobs/job-1/accept?start=true",
            "PUT jobs/job-1/start",
            // Cairn's finish-and-ping, which it answers "{}" to: so the agent pings itself.
            "PUT jobs/job-1/finish?ping=true");
    server.await(
        "a long poll after the finish",
        () -> {
          List<String> calls = server.calls();
          int finished = calls.indexOf("PUT jobs/job-1/finish?ping=true");
          return calls.subList(finished, calls.size()).contains("GET ping?wait=20") ? true : null;
        });
    server.await("listener", () -> events.size() == 2 ? true : null);
    assertThat(events)
        .containsExactly("started test-fakehost-1 job-1", "finished test-fakehost-1 job-1 3");
    assertThat(buildPath.resolve("test-fakehost-1/acme/web")).isDirectory();
  }

  @Test
  void registersWithNameTagsAndQueueAndLongPolls() throws Exception {
    start(config().withTags(List.of("os=linux")).withQueue("builds"));
    server.awaitCall("GET ping?wait=20");

    assertThat(server.registered().name()).isEqualTo("test-%hostname-1");
    assertThat(server.registered().hostname()).isEqualTo(FakeAgentApi.HOSTNAME_SEEN);
    assertThat(server.registered().metaData()).containsExactly("os=linux", "queue=builds");
  }

  @Test
  void withoutLongPollPingsPlainly() throws Exception {
    start(config().withLongPoll(false));
    server.enqueue("job-1", command("true"), 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.calls())
        .contains("GET ping", "PUT jobs/job-1/finish")
        .noneMatch(c -> c.startsWith("GET ping?") || c.contains("?ping="));
  }

  @Test
  void cutsTheLogIntoChunksOfAtMostTheServersSize() throws Exception {
    start(config());
    server.enqueue("job-1", command("for i in 1 2 3 4 5 6 7 8 9; do echo line-$i; done"), 16);

    server.awaitFinish("job-1");

    List<Chunk> chunks = new ArrayList<>(server.job("job-1").chunks.values());
    chunks.sort(Comparator.comparingInt(Chunk::sequence));
    long offset = 0;
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertThat(chunk.sequence()).isEqualTo(i + 1);
      assertThat(chunk.offset()).isEqualTo(offset);
      assertThat(chunk.size()).isBetween(1, 16);
      offset += chunk.size();
    }
    assertThat(chunks.size()).isGreaterThan(5);
    assertThat(server.log("job-1")).contains("line-1\r\nline-2\r\n").contains("line-9\r\n");
  }

  @Test
  void retriesRetryableChunkFailuresAndCountsDroppedChunks() throws Exception {
    server.failChunk(1, 503, 1);
    server.failChunk(2, 422, 1);
    Timing fast =
        new Timing(InstantSource.system(), d -> Thread.sleep(d.dividedBy(50)), new Random());
    start(config(), fast);
    server.enqueue("job-1", command("echo first-line-is-long; echo second"), 16);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.chunksFailedCount()).isEqualTo(1);
    assertThat(server.job("job-1").chunks).containsKey(1).doesNotContainKey(2);
    assertThat(server.calls().stream().filter(c -> c.contains("sequence=1&"))).hasSize(2);
  }

  @Test
  void runsInTheGivenCheckoutPathWithTheAgentsEnvironment() throws Exception {
    Path checkout = Files.createDirectory(buildPath.resolve("here"));
    start(config());
    Map<String, String> env =
        command(
            "pwd; echo token=$BUILDKITE_AGENT_ACCESS_TOKEN; echo reg=${BUILDKITE_AGENT_TOKEN:-none};"
                + " echo name=$BUILDKITE_AGENT_NAME id=$BUILDKITE_AGENT_ID; echo job=$FROM_JOB");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", checkout.toString());
    env.put("FROM_JOB", "job-wins");
    server.enqueue("job-1", env, 1024);

    server.awaitFinish("job-1");

    assertThat(server.log("job-1"))
        .contains(checkout.toRealPath() + "\r\n")
        .contains("token=[REDACTED]\r\n")
        .contains("reg=none\r\n")
        .contains("name=test-fakehost-1 id=agent-id-1\r\n")
        .contains("job=job-wins\r\n");
  }

  @Test
  void aCommandThatCannotStartFinishesWithProcessRunError() throws Exception {
    start(config());
    Map<String, String> env = command("echo never");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", buildPath.resolve("missing").toString());
    server.enqueue("job-1", env, 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("-1");
    assertThat(finish.signalReason()).isEqualTo("process_run_error");
    assertThat(server.log("job-1")).contains("could not start the command");
  }

  @Test
  void aCancelSeenByTheStatePollSendsSigtermToTheProcessGroup() throws Exception {
    start(config());
    server.enqueue(
        "job-1",
        // "rea""dy" prints ready, which the echoed command line does not contain, so the wait
        // below ends only once the trap is set (the log's first bytes are streamed at once).
        command(
            "trap 'echo got-term; exit 42' TERM; echo rea\"\"dy; while true; do sleep 0.1; done"),
        1024);
    server.awaitLog("job-1", "ready");

    server.setState("job-1", "canceling");
    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(finish.exitStatus()).isEqualTo("42");
    assertThat(finish.signal()).isNull();
    assertThat(server.log("job-1")).contains("got-term");
  }

  @Test
  void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
    start(config().withSignalGracePeriod(Duration.ofMillis(500)));
    server.enqueue(
        "job-1", command("trap '' TERM; echo rea\"\"dy; while true; do sleep 0.1; done"), 1024);
    server.awaitLog("job-1", "ready");

    server.setState("job-1", "timed_out");
    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(finish.signal()).isEqualTo("SIGKILL");
    assertThat(finish.exitStatus()).isEqualTo("137");
  }

  @Test
  void aRevokedJobTokenCancelsTheJob() throws Exception {
    start(config());
    server.enqueue("job-1", command("echo rea\"\"dy; while true; do sleep 0.1; done"), 1024);
    server.awaitLog("job-1", "ready");

    server.revokeJobToken("job-1");
    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("cancel");
    assertThat(finish.signal()).isEqualTo("SIGTERM");
  }

  @Test
  void gracefulStopWhileIdleDisconnects() throws Exception {
    start(config());
    server.awaitCall("GET ping?wait=20");

    agent.stop();

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    List<String> calls = server.callsButHeartbeats();
    assertThat(calls.getLast()).isEqualTo("POST disconnect");
    assertThat(calls).noneMatch(c -> c.startsWith("PUT jobs/"));
  }

  @Test
  void gracefulStopLetsTheRunningJobFinishFirst() throws Exception {
    start(config());
    server.enqueue("job-1", command("echo rea\"\"dy; sleep 1; echo done"), 1024);
    server.awaitLog("job-1", "ready");

    agent.stop();

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    assertThat(server.job("job-1").finish.exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1")).contains("done");
    assertThat(server.callsButHeartbeats())
        .containsSubsequence("PUT jobs/job-1/finish", "POST disconnect")
        .last()
        .isEqualTo("POST disconnect");
  }

  @Test
  void cancelAndStopCancelsTheRunningJob() throws Exception {
    start(config());
    server.enqueue("job-1", command("echo rea\"\"dy; while true; do sleep 0.1; done"), 1024);
    server.awaitLog("job-1", "ready");

    agent.cancelAndStop();

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    JobFinish finish = server.job("job-1").finish;
    assertThat(finish.signalReason()).isEqualTo("agent_stop");
    assertThat(finish.signal()).isEqualTo("SIGTERM");
    assertThat(server.callsButHeartbeats().getLast()).isEqualTo("POST disconnect");
  }

  @Test
  void theServersDisconnectActionStopsTheWorker() throws Exception {
    start(config());
    server.awaitCall("GET ping?wait=20");

    server.requestDisconnect();

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    assertThat(server.callsButHeartbeats().getLast()).isEqualTo("POST disconnect");
  }

  @Test
  void spawnsIndependentlyRegisteredWorkers() throws Exception {
    start(config().withSpawn(2));
    server.enqueue("job-1", command("true"), 1024);
    server.enqueue("job-2", command("true"), 1024);

    server.awaitFinish("job-1");
    server.awaitFinish("job-2");

    assertThat(server.calls().stream().filter("POST register"::equals)).hasSize(2);
  }

  @Test
  void spawnWithPriorityGivesEachWorkerItsNumberInsteadOfThePriority() throws Exception {
    start(config().withSpawn(2).withPriority(50).withSpawnPriority(SpawnPriority.ASCENDING));
    server.await("two registrations", () -> server.registrations().size() == 2 ? true : null);

    assertThat(server.registrations())
        .extracting(r -> r.name() + "=" + r.priority())
        .containsExactlyInAnyOrder("test-%hostname-1=1", "test-%hostname-2=2");
  }

  @Test
  void descendingSpawnPriorityCountsDown() throws Exception {
    start(config().withSpawn(2).withSpawnPriority(SpawnPriority.DESCENDING));
    server.await("two registrations", () -> server.registrations().size() == 2 ? true : null);

    assertThat(server.registrations())
        .extracting(r -> r.name() + "=" + r.priority())
        .containsExactlyInAnyOrder("test-%hostname-1=-1", "test-%hostname-2=-2");
  }

  @Test
  void withoutSpawnPriorityEveryWorkerSendsThePriority() throws Exception {
    start(config().withSpawn(2).withPriority(7));
    server.await("two registrations", () -> server.registrations().size() == 2 ? true : null);

    assertThat(server.registrations()).extracting(r -> r.priority()).containsOnly("7");
  }

  @Test
  void afterItsUptimeTheWorkerDisconnectsByItself() throws Exception {
    start(config().withDisconnectAfterUptime(Duration.ofSeconds(1)));

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    assertThat(server.registered().features()).contains("disconnect-after-uptime");
    assertThat(server.callsButHeartbeats().getLast()).isEqualTo("POST disconnect");
  }

  @Test
  void aPauseDefersTheUptimeDisconnectUntilResumed() throws Exception {
    server.pause(true);
    start(config().withDisconnectAfterUptime(Duration.ofSeconds(1)));
    // Paused pings come a ping interval (1 s) apart: the fourth is well past the uptime.
    server.await(
        "four paused pings",
        () ->
            server.calls().stream().filter(c -> c.startsWith("GET ping")).count() >= 4
                ? true
                : null);
    assertThat(server.calls()).doesNotContain("POST disconnect");

    server.pause(false);

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    assertThat(server.callsButHeartbeats().getLast()).isEqualTo("POST disconnect");
  }

  @Test
  void aJobRunningPastTheUptimeFinishesBeforeTheWorkerDisconnects() throws Exception {
    server.enqueue("job-1", command("echo rea\"\"dy; sleep 3; echo done"), 1024);
    start(config().withDisconnectAfterUptime(Duration.ofSeconds(2)));
    server.awaitLog("job-1", "ready");
    server.enqueue("job-2", command("echo too-late"), 1024);

    assertThat(agent.awaitTermination(STOP_TIMEOUT)).isTrue();
    assertThat(server.job("job-1").finish.exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1")).contains("done");
    assertThat(server.callsButHeartbeats())
        .containsSubsequence("PUT jobs/job-1/finish", "POST disconnect")
        .noneMatch(c -> c.startsWith("PUT jobs/job-2"));
  }

  private AgentConfig config() {
    return AgentConfig.of(server.endpoint(), FakeAgentApi.REGISTRATION_TOKEN)
        .withName("test-%hostname-%spawn")
        .withBuildPath(buildPath);
  }

  private void start(AgentConfig config) {
    start(config, Timing.system());
  }

  private void start(AgentConfig config, Timing timing) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOSTNAME", FakeAgentApi.HOSTNAME_SEEN);
    env.put("BUILDKITE_AGENT_TOKEN", "must-not-reach-the-job");
    AgentListener listener =
        new AgentListener() {
          @Override
          public void jobStarted(String agentName, String jobId) {
            events.add("started " + agentName + " " + jobId);
          }

          @Override
          public void jobFinished(String agentName, String jobId, int exitStatus) {
            events.add("finished " + agentName + " " + jobId + " " + exitStatus);
          }
        };
    agent = new Agent(config, listener, timing, env);
    agent.start();
  }

  private static Map<String, String> command(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("BUILDKITE_COMMAND", command);
    env.put("BUILDKITE_ORGANIZATION_SLUG", "acme");
    env.put("BUILDKITE_PIPELINE_SLUG", "web");
    return env;
  }
}
