package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.jobapi.JobApiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildkite-agent env}, {@code redactor add} and {@code lock} as jobs run them: the real
 * {@code buildkite-agent} launcher (a new JVM per call) started from bash, talking to a real job
 * API socket, and lock calls from several processes at once.
 */
final class JobApiAndLockCommandsTest {
  @TempDir Path work;
  private final Map<String, String> jobEnv = new ConcurrentHashMap<>();
  private final List<String> redacted = new CopyOnWriteArrayList<>();
  private final List<Path> workdirs = new CopyOnWriteArrayList<>();
  private JobApiServer api;
  private Path bin;

  @BeforeEach
  void start() throws Exception {
    jobEnv.put("KEEP", "kept");
    jobEnv.put("BUILDKITE_AGENT_ACCESS_TOKEN", "job-token-value");
    api =
        JobApiServer.start(
            work.resolve("api.sock"),
            new JobApiServer.Job() {
              @Override
              public Map<String, String> environment() {
                return jobEnv;
              }

              @Override
              public void redact(String secret) {
                redacted.add(secret);
              }

              @Override
              public void environmentChanged() {}

              @Override
              public void requestWorkdir(Path workdir) {
                workdirs.add(workdir);
              }
            });
    bin = Files.createDirectories(work.resolve("bin"));
    StringBuilder launcher = new StringBuilder("#!/bin/sh\nexec");
    for (String word : InJobLauncher.command()) {
      launcher.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    launcher.append(" agent \"$@\"\n");
    Path script = bin.resolve("buildkite-agent");
    Files.writeString(script, launcher.toString());
    assertThat(script.toFile().setExecutable(true)).isTrue();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void envAndRedactorCommandsChangeTheJobThroughItsSocket() throws Exception {
    Result result =
        bash(
            """
            buildkite-agent env set FROM_CLI=one KEEP=changed
            printf 'FROM_STDIN=two\\n' | buildkite-agent env set --output-format quiet -
            buildkite-agent env unset KEEP NOT_THERE
            echo "get=$(buildkite-agent env get FROM_CLI)"
            buildkite-agent env get --format json FROM_CLI FROM_STDIN
            buildkite-agent env set BUILDKITE_AGENT_ACCESS_TOKEN=stolen || echo "refused=$?"
            buildkite-agent env get MISSING || echo "missing=$?"
            printf 's3cr3t-value' | buildkite-agent redactor add
            printf '{"a":"json-secret-1","b":"json-secret-2"}' > s.json
            buildkite-agent redactor add --format json s.json
            """);

    assertThat(result.status()).as(result.output()).isZero();
    assertThat(result.output())
        .containsSubsequence(
            "Added:",
            "+ FROM_CLI",
            "Updated:",
            "~ KEEP",
            "Unset:",
            "- KEEP",
            "get=one",
            "{\"FROM_CLI\":\"one\",\"FROM_STDIN\":\"two\"}",
            "protected",
            "refused=1",
            "\"MISSING\" is not set",
            "missing=1");
    assertThat(jobEnv)
        .containsEntry("FROM_CLI", "one")
        .containsEntry("FROM_STDIN", "two")
        .containsEntry("BUILDKITE_AGENT_ACCESS_TOKEN", "job-token-value")
        .doesNotContainKey("KEEP");
    assertThat(redacted).containsExactly("s3cr3t-value", "json-secret-1", "json-secret-2");
  }

  @Test
  void withoutTheSocketTheEnvCommandSaysWhy() throws Exception {
    Result result = bash("unset BUILDKITE_AGENT_JOB_API_SOCKET; buildkite-agent env get");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.output()).contains("BUILDKITE_AGENT_JOB_API_SOCKET is not set");
  }

  @Test
  void acquireSerializesProcessesAndDoRunsTheWorkOnce() throws Exception {
    Files.writeString(work.resolve("counter"), "0");
    String worker =
        """
        t=$(buildkite-agent lock acquire counter-lock)
        c=$(cat counter); sleep 0.2; echo $((c + 1)) > counter
        buildkite-agent lock release counter-lock "$t"
        r=$(buildkite-agent lock do setup-once)
        if [ "$r" = do ]; then sleep 0.3; echo did >> did; buildkite-agent lock done setup-once; fi
        echo "result=$r"
        """;
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      processes.add(start(worker));
    }
    List<String> outputs = new ArrayList<>();
    for (Process process : processes) {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(out).isZero();
      outputs.add(out);
    }

    assertThat(Files.readString(work.resolve("counter")).strip()).isEqualTo("3");
    assertThat(Files.readAllLines(work.resolve("did"))).containsExactly("did");
    assertThat(String.join("", outputs)).contains("result=do").contains("result=done");
    Result after =
        bash("buildkite-agent lock get counter-lock; buildkite-agent lock get setup-once");
    assertThat(after.output()).isEqualTo("\ndone\n");
  }

  private record Result(int status, String output) {}

  private Result bash(String script) throws Exception {
    Process process = start(script);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }

  private Process start(String script) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("HOME", work.toString());
    env.remove("BUILDKITE_SOCKETS_PATH");
    env.put("BUILDKITE_AGENT_JOB_API_SOCKET", api.socket().toString());
    env.put("BUILDKITE_AGENT_JOB_API_TOKEN", api.token());
    return builder.start();
  }
}
