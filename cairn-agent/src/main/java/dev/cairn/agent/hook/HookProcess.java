package dev.cairn.agent.hook;

import dev.cairn.agent.log.Redactor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an agent-only hook ({@code pre-bootstrap}, {@code agent-startup}, {@code agent-shutdown})
 * the way the official agent does ({@code internal/shell/shell.go}, {@code Script}): as a child of
 * the agent, not sourced, so nothing it exports carries over. A file whose first line is a {@code
 * #!} line is executed itself (so it must be executable, or it fails); any other file is run by
 * {@code bash}. It runs in the agent's working directory with exactly the environment given and an
 * empty stdin. Its stdout and stderr, merged, go line by line to the agent's log (never to a job's
 * log), with the values of secret-looking variables of that environment redacted.
 *
 * <p>Stateless and thread-safe.
 */
public final class HookProcess {
  private static final Logger LOG = LoggerFactory.getLogger(HookProcess.class);

  /**
   * How long the output is still read after the hook exited, for a process the hook left running
   * that keeps the pipe open.
   */
  private static final Duration OUTPUT_AFTER_EXIT = Duration.ofSeconds(10);

  private HookProcess() {}

  /**
   * Runs {@code hook} with exactly {@code env} and returns its exit status, or -1 if it could not
   * be started at all (said in the log). Log lines start with {@code label}.
   *
   * @throws InterruptedException if interrupted while the hook runs; the hook is killed first
   */
  public static int run(Hook hook, Map<String, String> env, Redactor redactor, String label)
      throws InterruptedException {
    LOG.info("{}: running the {} hook {}", label, hook.name(), hook.file());
    Process process;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command(hook.file()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      LOG.error(
          "{}: cannot run the {} hook {}: {}", label, hook.name(), hook.file(), e.getMessage());
      return -1;
    }
    String prefix = label + ": " + hook.name() + " hook: ";
    Thread reader =
        Thread.ofVirtual()
            .name("cairn-hook-output")
            .start(() -> logLines(process.getInputStream(), prefix, redactor));
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw e;
    }
    if (!reader.join(OUTPUT_AFTER_EXIT)) {
      LOG.warn("{}: the {} hook left a process holding its output open", label, hook.name());
    }
    return status;
  }

  /** The file itself if it starts with {@code #!}, else bash with the file. */
  static List<String> command(Path file) throws IOException {
    return hasShebang(file) ? List.of(file.toString()) : List.of("bash", file.toString());
  }

  private static boolean hasShebang(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(2);
      return start.length == 2 && start[0] == '#' && start[1] == '!';
    }
  }

  private static void logLines(InputStream output, String prefix, Redactor redactor) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        LOG.info("{}{}", prefix, redactor.redact(line));
      }
    } catch (IOException e) {
      LOG.debug("{}reading the output ended: {}", prefix, e.getMessage());
    }
  }
}
