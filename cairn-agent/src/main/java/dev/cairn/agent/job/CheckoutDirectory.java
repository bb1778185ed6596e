package dev.cairn.agent.job;

import dev.cairn.protocol.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The job's working directory: {@code BUILDKITE_BUILD_CHECKOUT_PATH} from the job env used as is
 * (local {@code cairn run} runs in the user's directory), otherwise {@code
 * <build-path>/<agent-name>/<org-slug>/<pipeline-slug>}, created if missing. Each generated segment
 * is sanitised so a server-sent slug can never climb out of the build path.
 */
final class CheckoutDirectory {
  static final String CHECKOUT_PATH = "BUILDKITE_BUILD_CHECKOUT_PATH";
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private CheckoutDirectory() {}

  static Path prepare(JobContext context, Job job) throws IOException {
    Map<String, String> env = job.env() == null ? Map.of() : job.env();
    String given = env.get(CHECKOUT_PATH);
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path dir =
        context
            .buildPath()
            .resolve(segment(context.agentName()))
            .resolve(segment(env.get("BUILDKITE_ORGANIZATION_SLUG")))
            .resolve(segment(env.get("BUILDKITE_PIPELINE_SLUG")));
    // Usually there from the agent's last job: asking first spares the exception that creating
    // an existing directory throws inside createDirectories.
    return Files.isDirectory(dir) ? dir : Files.createDirectories(dir);
  }

  /** Whether the job env names its checkout path (then no built-in checkout happens). */
  static boolean given(Job job) {
    String given = job.env() == null ? null : job.env().get(CHECKOUT_PATH);
    return given != null && !given.isBlank();
  }

  static String segment(String raw) {
    String safe = raw == null ? "" : UNSAFE.matcher(raw).replaceAll("-");
    return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "_" : safe;
  }
}
