package dev.cairn.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent program an agent conformance test drives, through the official agent's command line
 * ({@code start}, {@code tool keygen}…) so the same test runs both: Cairn's own agent ({@code cairn
 * agent …}, the code under test) or the official {@code buildkite-agent}.
 *
 * <p>The official agent is the binary {@code go install github.com/buildkite/agent/v3@VERSION}
 * leaves in {@code $GOPATH/bin} (by default {@code ~/go/bin}); {@code CAIRN_OFFICIAL_AGENT} names
 * another path.
 */
public enum AgentProgram {
  CAIRN,
  OFFICIAL;

  /** The official agent version {@code .ci/run} installs. */
  public static final String OFFICIAL_VERSION = "v3.137.0";

  /** Why this program cannot run on this machine; empty when it can. */
  public Optional<String> unavailable() {
    if (this == CAIRN || Files.isExecutable(officialBinary())) {
      return Optional.empty();
    }
    return Optional.of(
        "the official buildkite-agent is not installed at "
            + officialBinary()
            + " (install it with: go install github.com/buildkite/agent/v3@"
            + OFFICIAL_VERSION
            + ", or name it with CAIRN_OFFICIAL_AGENT)");
  }

  /**
   * Runs the agent with {@code args} as the official agent's command line takes them ({@code start
   * --endpoint …}), with {@code env} added to the inherited environment and its output appended to
   * {@code output}.
   */
  public TestProcess run(List<String> args, Map<String, String> env, Path output) {
    if (this == CAIRN) {
      List<String> cairn = new ArrayList<>(List.of("agent"));
      cairn.addAll(args);
      return new CairnProcess(cairn, env, output);
    }
    List<String> command = new ArrayList<>(List.of(officialBinary().toString()));
    command.addAll(args);
    return new TestProcess(command, env, output);
  }

  private static Path officialBinary() {
    String named = System.getenv("CAIRN_OFFICIAL_AGENT");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    // go install puts binaries in the first directory of GOPATH, by default ~/go.
    String goPath = Objects.requireNonNullElse(System.getenv("GOPATH"), "");
    int end = goPath.indexOf(File.pathSeparatorChar);
    String first = end < 0 ? goPath : goPath.substring(0, end);
    Path root = first.isBlank() ? Path.of(System.getProperty("user.home"), "go") : Path.of(first);
    return root.resolve("bin").resolve("buildkite-agent");
  }
}
