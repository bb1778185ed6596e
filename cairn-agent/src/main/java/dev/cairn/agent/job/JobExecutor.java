package dev.cairn.agent.job;

import dev.cairn.agent.hook.Hook;
import dev.cairn.agent.hook.HookFinder;
import dev.cairn.agent.hook.HookScript;
import dev.cairn.agent.log.RedactingOutputStream;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job lifecycle inside the agent (spec §6), what the official agent's bootstrap does in a
 * process of its own.
 *
 * <p>Design note: the phases run in order — {@code environment}; {@code pre-checkout}, one checkout
 * (the agent {@code checkout} hook, else the built-in git checkout when {@code BUILDKITE_REPO} is
 * set and the checkout path was not given), {@code post-checkout}; {@code pre-command}, one command
 * (repository {@code command} hook, else agent {@code command} hook, else {@code BUILDKITE_COMMAND}
 * through bash), {@code post-command} with {@code BUILDKITE_COMMAND_EXIT_STATUS}; the artifact
 * phase when {@code BUILDKITE_ARTIFACT_PATHS} is set; and always {@code pre-exit}. Every hook is
 * sourced through {@link HookScript}, and what it exports (or unsets, or where it {@code cd}s)
 * carries to every later step; the redactor is rebuilt after each hook, so a secret a hook exports
 * is redacted from then on. A failing step before the command skips straight to {@code pre-exit}
 * and its status is the job's; a failing post-step only fails a job whose command passed. One child
 * runs at a time, in the {@link ProcessSlot}, so a cancellation stops whatever is running and
 * nothing after it starts. Not thread-safe: one per job, run on the job's thread.
 */
final class JobExecutor {
  private final JobSettings settings;
  private final Map<String, String> env;
  private final RedactingOutputStream log;
  private final ProcessSlot slot;
  private final HookFinder hooks;
  private final HookScript script;
  private final boolean builtInCheckout;
  private Path dir;

  JobExecutor(
      JobSettings settings,
      Map<String, String> env,
      Path checkout,
      boolean checkoutGiven,
      RedactingOutputStream log,
      ProcessSlot slot,
      Path jobDir) {
    this.settings = settings;
    this.env = new HashMap<>(env);
    this.log = log;
    this.slot = slot;
    this.hooks = new HookFinder(settings.hooksPath(), settings.localHooks());
    this.script = new HookScript(jobDir);
    this.dir = checkout;
    this.builtInCheckout =
        !checkoutGiven
            && !env.getOrDefault("BUILDKITE_REPO", "").isBlank()
            && !"true".equals(env.get("BUILDKITE_SKIP_CHECKOUT"));
    refreshRedactor();
  }

  /** A step failed (or the job was cancelled): the job's exit status is {@code status}. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Stop(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /**
   * Runs every phase and returns the job's exit status.
   *
   * @throws UncheckedIOException if a program could not be started at all (a setup failure: the job
   *     finishes with {@code -1} and {@code process_run_error})
   */
  int run() throws InterruptedException {
    int status;
    try {
      status = phases();
    } catch (Stop stop) {
      status = stop.status;
    }
    if (slot.cancelled()) {
      return status;
    }
    int preExit = hooksOf("pre-exit", hooks.both("pre-exit", dir));
    return status == 0 ? preExit : status;
  }

  private int phases() throws Stop, InterruptedException {
    require(hooksOf("environment", hooks.agentHook("environment").stream().toList()));
    checkout();
    int status = command();
    return artifacts(status);
  }

  private void checkout() throws Stop, InterruptedException {
    require(hooksOf("pre-checkout", hooks.agentHook("pre-checkout").stream().toList()));
    Optional<Hook> hook = hooks.agentHook("checkout");
    if (hook.isPresent()) {
      require(hook(hook.get()));
    } else if (builtInCheckout) {
      write("~~~ Preparing working directory\n");
      require(child(GitCheckout.command()));
    }
    require(hooksOf("post-checkout", hooks.both("post-checkout", dir)));
  }

  private int command() throws Stop, InterruptedException {
    require(hooksOf("pre-command", hooks.both("pre-command", dir)));
    Optional<Hook> hook = hooks.repositoryHook("command", dir).or(() -> hooks.agentHook("command"));
    int status = hook.isPresent() ? hook(hook.get()) : defaultCommand();
    if (slot.cancelled()) {
      throw new Stop(status);
    }
    if (status != 0) {
      write("^^^ +++\n");
      write("cairn-agent: the command exited with status " + status + "\n");
    }
    env.put("BUILDKITE_COMMAND_EXIT_STATUS", Integer.toString(status));
    int post = hooksOf("post-command", hooks.both("post-command", dir));
    return status == 0 ? post : status;
  }

  private int defaultCommand() throws Stop, InterruptedException {
    String command = env.getOrDefault("BUILDKITE_COMMAND", "");
    write("~~~ Running commands\n$ " + command + "\n");
    if (settings.commandEval()) {
      return child(List.of("bash", "-e", "-c", command));
    }
    Path scriptFile = dir.resolve(command.strip()).normalize();
    if (!command.isBlank() && scriptFile.startsWith(dir) && Files.isRegularFile(scriptFile)) {
      return child(List.of("bash", "-e", scriptFile.toString()));
    }
    write("cairn-agent: command eval is disabled; only a script in the checkout may run\n");
    return 1;
  }

  private int artifacts(int status) throws Stop, InterruptedException {
    String paths = env.getOrDefault("BUILDKITE_ARTIFACT_PATHS", "");
    if (paths.isBlank()) {
      return status;
    }
    int pre = hooksOf("pre-artifact", hooks.both("pre-artifact", dir));
    if (pre != 0) {
      return status == 0 ? pre : status;
    }
    write("~~~ Uploading artifacts\n");
    int upload = child(List.of("buildkite-agent", "artifact", "upload", paths));
    int post = hooksOf("post-artifact", hooks.both("post-artifact", dir));
    int result = upload != 0 ? upload : post;
    return status == 0 ? result : status;
  }

  /** Runs {@code found} in order, stopping at the first failure; returns its status or 0. */
  private int hooksOf(String name, List<Hook> found) throws InterruptedException {
    for (Hook hook : found) {
      int status;
      try {
        status = hook(hook);
      } catch (Stop stop) {
        return stop.status;
      }
      if (status != 0) {
        write("cairn-agent: the " + hook.scope() + " " + name + " hook exited " + status + "\n");
        return status;
      }
    }
    return 0;
  }

  private int hook(Hook hook) throws Stop, InterruptedException {
    write(hook.header() + "\n");
    Map<String, String> before = new HashMap<>(env);
    Map<String, String> hookEnv;
    try {
      hookEnv = script.environment(hook, env);
    } catch (IOException e) {
      throw new Stop(fail("cannot prepare the " + hook.name() + " hook: " + e.getMessage()));
    }
    int status = run(script.command(), hookEnv);
    try {
      Optional<HookScript.Result> result = script.result();
      if (result.isPresent()) {
        HookScript.diff(before, result.get().env(), env);
        adoptDirectory(result.get().workingDir());
        refreshRedactor();
      }
    } catch (IOException e) {
      write("cairn-agent: cannot read what the hook exported: " + e.getMessage() + "\n");
    }
    return status;
  }

  private void adoptDirectory(Path hookDir) {
    Path checkoutPath = Path.of(env.getOrDefault(CheckoutDirectory.CHECKOUT_PATH, dir.toString()));
    Path next = !checkoutPath.equals(dir) ? checkoutPath : hookDir;
    if (Files.isDirectory(next)) {
      dir = next;
      env.put(CheckoutDirectory.CHECKOUT_PATH, checkoutPath.toString());
    }
  }

  private int child(List<String> command) throws Stop, InterruptedException {
    return run(command, env);
  }

  private int run(List<String> command, Map<String, String> childEnv)
      throws Stop, InterruptedException {
    Optional<ChildProcess> started;
    try {
      started = slot.start(command, dir, childEnv);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.getFirst(), e);
    }
    if (started.isEmpty()) {
      throw new Stop(1);
    }
    ChildProcess child = started.get();
    try {
      child.output().transferTo(log);
    } catch (IOException e) {
      write("cairn-agent: reading the output failed: " + e.getMessage() + "\n");
    }
    int status = child.waitFor();
    slot.finished(child);
    release();
    return status;
  }

  private void refreshRedactor() {
    List<String> patterns = new ArrayList<>(settings.redactedVars());
    log.update(Redactor.fromEnvironment(env, patterns));
  }

  private int fail(String message) {
    write("cairn-agent: " + message + "\n");
    return 1;
  }

  private void release() {
    try {
      log.release();
    } catch (IOException e) {
      throw new IllegalStateException("the in-memory log cannot fail", e);
    }
  }

  private void write(String text) {
    try {
      log.write(text.getBytes(StandardCharsets.UTF_8));
      log.release();
    } catch (IOException e) {
      throw new IllegalStateException("the in-memory log cannot fail", e);
    }
  }

  /** Turns a failing status into a stop. */
  private static void require(int status) throws Stop {
    if (status != 0) {
      throw new Stop(status);
    }
  }
}
