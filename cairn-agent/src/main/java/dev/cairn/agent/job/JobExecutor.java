package dev.cairn.agent.job;

import dev.cairn.agent.hook.Hook;
import dev.cairn.agent.hook.HookFinder;
import dev.cairn.agent.hook.HookScript;
import dev.cairn.agent.jobapi.JobApiServer;
import dev.cairn.agent.log.RedactingOutputStream;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.plugin.Plugin;
import dev.cairn.agent.plugin.PluginList;
import dev.cairn.agent.process.ChildProcess;
import dev.cairn.agent.process.PseudoTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The job lifecycle inside the agent (spec §6), what the official agent's bootstrap does in a
 * process of its own.
 *
 * <p>Design note: the phases run in order — {@code environment} (agent hook); the plugin phase
 * (clone each plugin, then their {@code environment} hooks); {@code pre-checkout} (agent, plugins),
 * one checkout unless {@code BUILDKITE_SKIP_CHECKOUT} is true (plugin {@code checkout} hooks, else
 * the agent {@code checkout} hooks, else the built-in git checkout when {@code BUILDKITE_REPO} is
 * set and the checkout path was not given; a clone over SSH is preceded by {@link SshKeyscan}),
 * {@code post-checkout} (agent, repository, plugins); the {@code environment} hooks of vendored
 * plugins; {@code pre-command}, one command (plugin {@code command} hooks, else the repository
 * hook, else the agent hooks, else {@code BUILDKITE_COMMAND} through {@code BUILDKITE_SHELL}),
 * {@code post-command} with {@code BUILDKITE_COMMAND_EXIT_STATUS}; the artifact phase when {@code
 * BUILDKITE_ARTIFACT_PATHS} is set; and always {@code pre-exit}. Of several plugins' {@code
 * checkout} or {@code command} hooks all run, or with {@code --strict-single-hooks} only the first
 * ({@link SinglePluginHooks}). Hooks of one point run agent (the hooks path's, then each additional
 * hooks path's), then repository, then plugins in the order the step lists them (the v3 order; v4
 * reverses it for post-* hooks). Every hook is sourced through {@link HookScript}, and what it
 * exports (or unsets, or where it {@code cd}s) carries to every later step; the redactor is rebuilt
 * after each hook, so a secret a hook exports is redacted from then on. A failing step before the
 * command skips straight to {@code pre-exit} and its status is the job's; a failing post-step only
 * fails a job whose command passed.
 *
 * <p>Every step runs on a pseudo-terminal of its own unless the agent runs with {@code --no-pty};
 * if the host cannot open one, the job says so once in its log and runs on pipes ({@code
 * BUILDKITE_PTY=false}). A step's output is read until its terminal closes, or until 10 seconds
 * after the step exited if something it left running keeps the terminal open (the log says so).
 *
 * <p>One child runs at a time, in the {@link ProcessSlot}, so a cancellation stops whatever is
 * running. After a cancellation the clean-up steps that the command phase reached (post-command,
 * artifacts) and {@code pre-exit} still run, within the slot's grace window, with {@code
 * BUILDKITE_JOB_CANCELLED=true}. The environment and the extra redactions may also be changed by
 * the job API ({@link #environment()}, {@link #redact}) from another thread; everything else runs
 * on the job's thread.
 */
final class JobExecutor implements JobApiServer.Job {
  private final JobSettings settings;
  private final Map<String, String> env;
  private final RedactingOutputStream log;
  private final ProcessSlot slot;
  private final HookFinder hooks;
  private final JobDirectory jobDir;
  private HookScript script;
  private final boolean builtInCheckout;
  private final List<PluginCheckout> plugins = new ArrayList<>();
  private final List<Path> downloaded = new ArrayList<>();
  private final Set<String> redactions = ConcurrentHashMap.newKeySet();
  private List<Plugin> declared = List.of();
  private volatile Path dir;
  private final AtomicReference<Path> requestedWorkdir = new AtomicReference<>();
  private boolean cleanup;
  private boolean onTerminal;

  JobExecutor(
      JobSettings settings,
      Map<String, String> env,
      Path checkout,
      boolean checkoutGiven,
      RedactingOutputStream log,
      ProcessSlot slot,
      JobDirectory jobDir) {
    this.settings = settings;
    this.env = new ConcurrentHashMap<>(env);
    this.log = log;
    this.slot = slot;
    this.hooks = new HookFinder(settings.agentHooksPaths(), settings.localHooks());
    this.jobDir = jobDir;
    this.dir = checkout;
    this.builtInCheckout = !checkoutGiven && !env.getOrDefault("BUILDKITE_REPO", "").isBlank();
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
   * The job's live environment: what later hooks and the command get. The job API changes it from
   * its own thread; a change lands between two steps or while one runs (then that step's own
   * exports are applied over it).
   */
  @Override
  public Map<String, String> environment() {
    return env;
  }

  /** Adds {@code secret} to what the log redacts, from now on. */
  @Override
  public void redact(String secret) {
    redactions.add(secret);
    refreshRedactor();
  }

  @Override
  public void environmentChanged() {
    refreshRedactor();
  }

  @Override
  public void requestWorkdir(Path workdir) {
    requestedWorkdir.set(workdir);
  }

  /** The working directory later steps start in. */
  Path workingDirectory() {
    return dir;
  }

  /**
   * Runs every phase and returns the job's exit status.
   *
   * @throws UncheckedIOException if a program could not be started at all (a setup failure: the job
   *     finishes with {@code -1} and {@code process_run_error})
   */
  int run() throws InterruptedException {
    if (settings.pty()) {
      try {
        PseudoTerminal.check();
        onTerminal = true;
      } catch (PseudoTerminal.Unavailable e) {
        fallBackToPipes(e);
      }
    }
    int status;
    try {
      status = phases();
    } catch (Stop stop) {
      status = stop.status;
    }
    enterCleanup();
    int preExit = hooksOf("pre-exit", forward("pre-exit"));
    removeDownloads();
    return status == 0 ? preExit : status;
  }

  private int phases() throws Stop, InterruptedException {
    require(hooksOf("environment", hooks.agentHooks("environment")));
    pluginPhase();
    checkout();
    vendoredPluginPhase();
    int status = command();
    return artifacts(status);
  }

  private void pluginPhase() throws Stop, InterruptedException {
    String json = env.getOrDefault("BUILDKITE_PLUGINS", "");
    if (json.isBlank()) {
      return;
    }
    write("~~~ Preparing plugins\n");
    if (!settings.pluginsEnabled()) {
      String flag =
          !settings.localHooks()
              ? "--no-local-hooks"
              : !settings.commandEval() ? "--no-command-eval" : "--no-plugins";
      throw new Stop(fail("plugins have been disabled on this agent with `" + flag + "`"));
    }
    try {
      declared = PluginList.parse(json);
    } catch (IllegalArgumentException e) {
      throw new Stop(fail("failed to parse a plugin definition: " + e.getMessage()));
    }
    Map<String, Path> cloned = new LinkedHashMap<>();
    List<PluginCheckout> checkouts = new ArrayList<>();
    for (Plugin plugin : declared) {
      if (plugin.vendored()) {
        continue;
      }
      Path repository = cloned.get(plugin.label());
      if (repository == null) {
        repository = clone(plugin);
        cloned.put(plugin.label(), repository);
      }
      Path pluginDir = repository.resolve(plugin.subdirectory()).normalize();
      if (!pluginDir.startsWith(repository) || !Files.isDirectory(pluginDir.resolve("hooks"))) {
        throw new Stop(
            fail("\"hooks\" is not a directory within the " + plugin.name() + " plugin checkout"));
      }
      checkouts.add(new PluginCheckout(plugin, pluginDir));
    }
    validate(checkouts);
    plugins.addAll(checkouts);
    require(hooksOf("environment", pluginHooks("environment", checkouts)));
  }

  /** With plugin validation on, fails the job on the first plugin its plugin.yml refuses. */
  private void validate(List<PluginCheckout> checkouts) throws Stop {
    if (!settings.pluginValidation()) {
      return;
    }
    for (PluginCheckout checkout : checkouts) {
      Optional<List<String>> problems;
      try {
        problems = checkout.problems(env.getOrDefault("PATH", ""));
      } catch (IOException | IllegalArgumentException e) {
        throw new Stop(
            fail(
                "cannot read the definition of plugin "
                    + checkout.plugin().name()
                    + ": "
                    + e.getMessage()));
      }
      if (problems.isEmpty()) {
        write(
            "cairn-agent: warning: found no plugin definition for plugin "
                + checkout.plugin().name()
                + "\n");
      } else if (!problems.get().isEmpty()) {
        throw new Stop(
            fail(
                "plugin "
                    + checkout.plugin().name()
                    + " failed validation: "
                    + String.join("; ", problems.get())));
      } else {
        write("Valid plugin configuration for " + checkout.plugin().name() + "\n");
      }
    }
  }

  private Path clone(Plugin plugin) throws Stop, InterruptedException {
    if (settings.pluginsPath() == null) {
      throw new Stop(
          fail(
              "cannot check out plugin "
                  + plugin.name()
                  + " without a plugins path"
                  + " (--plugins-path or BUILDKITE_PLUGINS_PATH)"));
    }
    String agentName = env.getOrDefault("BUILDKITE_AGENT_NAME", "agent");
    Path directory = PluginClone.directory(settings.pluginsPath(), agentName, plugin);
    if (plugin.scheme().startsWith("zip+")) {
      return download(plugin, directory);
    }
    if (PluginClone.cloned(directory)) {
      if (!settings.pluginsAlwaysCloneFresh()) {
        write("Plugin \"" + plugin.label() + "\" already checked out\n");
        return directory;
      }
      write("Removing the earlier checkout of plugin \"" + plugin.label() + "\"\n");
      try {
        PluginClone.remove(directory);
      } catch (IOException e) {
        throw new Stop(
            fail(
                "cannot remove the old checkout of plugin "
                    + plugin.name()
                    + ": "
                    + e.getMessage()));
      }
    }
    Map<String, String> cloneEnv;
    try {
      cloneEnv = PluginClone.environment(env, plugin, directory);
      Files.createDirectories(directory.getParent());
    } catch (IllegalArgumentException | IOException e) {
      throw new Stop(fail("cannot check out plugin " + plugin.name() + ": " + e.getMessage()));
    }
    write("Plugin \"" + plugin.label() + "\" will be checked out to \"" + directory + "\"\n");
    keyscan(plugin.repository());
    int status = run(PluginClone.command(), cloneEnv);
    if (status != 0) {
      throw new Stop(
          fail("failed to check out plugin " + plugin.name() + " (git exited " + status + ")"));
    }
    return directory;
  }

  /** A zip plugin, fetched anew for this job and removed when it ends. */
  private Path download(Plugin plugin, Path directory) throws Stop, InterruptedException {
    if (!settings.zipPlugins()) {
      throw new Stop(
          fail(
              "zip plugins require the \"zip-plugins\" experiment to be enabled"
                  + " (--experiment zip-plugins)"));
    }
    write("Plugin \"" + plugin.label() + "\" will be downloaded to \"" + directory + "\"\n");
    downloaded.add(directory);
    try {
      String sha256 = ZipPluginDownload.fetch(plugin, directory);
      write("Downloaded and unpacked plugin " + plugin.name() + " (SHA256: " + sha256 + ")\n");
      return directory;
    } catch (IOException | IllegalArgumentException e) {
      throw new Stop(fail("failed to download plugin " + plugin.name() + ": " + e.getMessage()));
    }
  }

  /** Removes the zip plugins this job downloaded, as the official agent does at the job's end. */
  private void removeDownloads() {
    for (Path directory : downloaded) {
      try {
        if (Files.exists(directory)) {
          PluginClone.remove(directory);
        }
      } catch (IOException e) {
        write("cairn-agent: warning: cannot remove " + directory + ": " + e.getMessage() + "\n");
      }
    }
  }

  private void vendoredPluginPhase() throws Stop, InterruptedException {
    List<PluginCheckout> vendored = new ArrayList<>();
    for (Plugin plugin : declared) {
      if (!plugin.vendored()) {
        continue;
      }
      Path pluginDir = dir.resolve(plugin.location()).normalize();
      if (!pluginDir.startsWith(dir) || !Files.isDirectory(pluginDir.resolve("hooks"))) {
        throw new Stop(
            fail(
                "vendored plugin path \""
                    + plugin.location()
                    + "\" must be a directory with hooks within the checked-out repository"));
      }
      vendored.add(new PluginCheckout(plugin, pluginDir));
    }
    validate(vendored);
    plugins.addAll(vendored);
    require(hooksOf("environment", pluginHooks("environment", vendored)));
  }

  private void checkout() throws Stop, InterruptedException {
    List<Hook> preCheckout = new ArrayList<>(hooks.agentHooks("pre-checkout"));
    preCheckout.addAll(pluginHooks("pre-checkout", plugins));
    require(hooksOf("pre-checkout", preCheckout));
    if ("true".equals(env.get("BUILDKITE_SKIP_CHECKOUT"))) {
      // As the official agent: no checkout hook either, but pre- and post-checkout hooks run.
      write("Skipping checkout, BUILDKITE_SKIP_CHECKOUT is set\n");
    } else {
      checkoutItself();
    }
    require(hooksOf("post-checkout", forward("post-checkout")));
  }

  /** One checkout: plugin checkout hooks, else the agent's, else the built-in git checkout. */
  private void checkoutItself() throws Stop, InterruptedException {
    List<SinglePluginHooks.Turn> pluginCheckouts = singlePluginHooks("checkout");
    List<Hook> agentCheckouts = hooks.agentHooks("checkout");
    if (!pluginCheckouts.isEmpty()) {
      require(turnsOf("checkout", pluginCheckouts));
    } else if (!agentCheckouts.isEmpty()) {
      require(hooksOf("checkout", agentCheckouts));
    } else if (builtInCheckout) {
      write("~~~ Preparing working directory\n");
      keyscan(env.getOrDefault("BUILDKITE_REPO", ""));
      require(child(GitCheckout.command()));
    }
  }

  private int command() throws Stop, InterruptedException {
    require(hooksOf("pre-command", forward("pre-command")));
    List<SinglePluginHooks.Turn> pluginCommands = singlePluginHooks("command");
    // One command: the repository's hook, else every agent command hook (the hooks path's and
    // each additional path's, as the official agent runs them even with --strict-single-hooks).
    List<Hook> commandHooks =
        hooks
            .repositoryHook("command", dir)
            .map(List::of)
            .orElseGet(() -> hooks.agentHooks("command"));
    int status;
    if (!pluginCommands.isEmpty()) {
      status = turnsOf("command", pluginCommands);
    } else {
      status = commandHooks.isEmpty() ? defaultCommand() : hooksOf("command", commandHooks);
    }
    enterCleanup();
    if (status != 0) {
      write("^^^ +++\n");
      write("cairn-agent: the command exited with status " + status + "\n");
    }
    env.put("BUILDKITE_COMMAND_EXIT_STATUS", Integer.toString(status));
    int post = hooksOf("post-command", forward("post-command"));
    return status == 0 ? post : status;
  }

  /**
   * Adds the SSH server of {@code repository} (if it names one) to the known hosts before it is
   * cloned, unless the agent runs with {@code --no-ssh-keyscan}.
   */
  private void keyscan(String repository) throws InterruptedException {
    if (settings.sshKeyscan() && !slot.cancelled()) {
      new SshKeyscan(new HashMap<>(env), this::write, slot::cancelled).ensureKnown(repository);
    }
  }

  /** From here on only clean-up steps run; they may still start in a cancelled job's grace. */
  private void enterCleanup() {
    cleanup = true;
    if (slot.cancelled()) {
      env.put("BUILDKITE_JOB_CANCELLED", "true");
    }
  }

  /**
   * Runs {@code BUILDKITE_COMMAND} with the shell of {@code BUILDKITE_SHELL} ({@code --shell}): the
   * shell's words, then the command. Without command eval only a script of the checkout may run; as
   * the official agent does, it is made executable and its path is what the shell runs, so its own
   * {@code #!} line decides the interpreter.
   */
  private int defaultCommand() throws Stop, InterruptedException {
    String command = env.getOrDefault("BUILDKITE_COMMAND", "");
    write("~~~ Running commands\n$ " + command + "\n");
    List<String> shell = shellWords();
    if (settings.commandEval()) {
      return child(withLast(shell, command));
    }
    Path scriptFile = dir.resolve(command.strip()).normalize();
    if (!command.isBlank() && scriptFile.startsWith(dir) && Files.isRegularFile(scriptFile)) {
      try {
        makeExecutable(scriptFile);
      } catch (IOException e) {
        throw new Stop(fail("cannot make " + scriptFile + " executable: " + e.getMessage()));
      }
      return child(withLast(shell, "'" + scriptFile.toString().replace("'", "'\\''") + "'"));
    }
    write("cairn-agent: command eval is disabled; only a script in the checkout may run\n");
    return 1;
  }

  /** {@code BUILDKITE_SHELL} split on whitespace; bash's {@code -e -c} if it is blank. */
  private List<String> shellWords() {
    String shell = env.getOrDefault("BUILDKITE_SHELL", "").strip();
    return shell.isEmpty() ? List.of("bash", "-e", "-c") : List.of(shell.split("\\s+", -1));
  }

  private static List<String> withLast(List<String> words, String last) {
    List<String> all = new ArrayList<>(words);
    all.add(last);
    return all;
  }

  private static void makeExecutable(Path file) throws IOException {
    Set<java.nio.file.attribute.PosixFilePermission> permissions =
        Files.getPosixFilePermissions(file);
    if (permissions.add(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)) {
      Files.setPosixFilePermissions(file, permissions);
    }
  }

  private int artifacts(int status) throws Stop, InterruptedException {
    String paths = env.getOrDefault("BUILDKITE_ARTIFACT_PATHS", "");
    if (paths.isBlank()) {
      return status;
    }
    int pre = hooksOf("pre-artifact", forward("pre-artifact"));
    if (pre != 0) {
      return status == 0 ? pre : status;
    }
    write("~~~ Uploading artifacts\n");
    int upload = child(List.of("buildkite-agent", "artifact", "upload", paths));
    int post = hooksOf("post-artifact", forward("post-artifact"));
    int result = upload != 0 ? upload : post;
    return status == 0 ? result : status;
  }

  /** The hooks of {@code name}: the agent's, the repository's, then each plugin's in order. */
  private List<Hook> forward(String name) {
    List<Hook> found = new ArrayList<>(hooks.both(name, dir));
    found.addAll(pluginHooks(name, plugins));
    return found;
  }

  /** The plugin {@code checkout} or {@code command} hooks and their turns. */
  private List<SinglePluginHooks.Turn> singlePluginHooks(String name) {
    return SinglePluginHooks.turns(name, plugins, settings.strictSingleHooks());
  }

  private List<Hook> pluginHooks(String name, List<PluginCheckout> checkouts) {
    List<Hook> found = new ArrayList<>();
    for (PluginCheckout checkout : checkouts) {
      checkout.hook(name).ifPresent(found::add);
    }
    return found;
  }

  /** Runs {@code found} in order, stopping at the first failure; returns its status or 0. */
  private int hooksOf(String name, List<Hook> found) throws InterruptedException {
    for (Hook hook : found) {
      int status = hookStatus(hook);
      if (status != 0) {
        return failed(name, hook, status);
      }
    }
    return 0;
  }

  /** As {@link #hooksOf}, each turn's warning logged first and only the hooks that run run. */
  private int turnsOf(String name, List<SinglePluginHooks.Turn> turns) throws InterruptedException {
    for (SinglePluginHooks.Turn turn : turns) {
      turn.warning().ifPresent(w -> write("cairn-agent: warning: " + w + "\n"));
      int status = turn.runs() ? hookStatus(turn.hook()) : 0;
      if (status != 0) {
        return failed(name, turn.hook(), status);
      }
    }
    return 0;
  }

  private int failed(String name, Hook hook, int status) {
    String who = hook.plugin().isEmpty() ? hook.scope() : hook.plugin() + " plugin";
    write("cairn-agent: the " + who + " " + name + " hook exited " + status + "\n");
    return status;
  }

  private int hookStatus(Hook hook) throws InterruptedException {
    try {
      return hook(hook);
    } catch (Stop stop) {
      return stop.status;
    }
  }

  private int hook(Hook hook) throws Stop, InterruptedException {
    write(hook.header() + "\n");
    if (hook.scope().equals(Hook.PLUGIN)) {
      pluginWarning(hook);
    }
    Map<String, String> hookEnv;
    try {
      if (script == null) {
        script = new HookScript(jobDir.path());
      }
      hookEnv = script.environment(hook, env);
    } catch (IOException | UncheckedIOException e) {
      throw new Stop(fail("cannot prepare the " + hook.name() + " hook: " + e.getMessage()));
    }
    int status = run(script.command(), hookEnv);
    try {
      Optional<HookScript.Result> result = script.result();
      if (result.isPresent()) {
        HookScript.diff(hookEnv, result.get().env(), env);
        adoptDirectory(result.get().workingDir());
        refreshRedactor();
      }
    } catch (IOException e) {
      write("cairn-agent: cannot read what the hook exported: " + e.getMessage() + "\n");
    }
    adoptRequestedWorkdir();
    return status;
  }

  private void pluginWarning(Hook hook) {
    for (PluginCheckout checkout : plugins) {
      if (checkout.plugin().name().equals(hook.plugin())) {
        checkout.warning().ifPresent(w -> write("cairn-agent: warning: " + w + "\n"));
        return;
      }
    }
  }

  /** A directory the hook set through the job API ({@code workdir set}) wins over its own cd. */
  private void adoptRequestedWorkdir() {
    Path requested = requestedWorkdir.getAndSet(null);
    if (requested == null) {
      return;
    }
    if (Files.isDirectory(requested)) {
      dir = requested;
    } else {
      write("cairn-agent: warning: the requested working directory " + requested + " is gone\n");
    }
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
    return run(command, new HashMap<>(env));
  }

  private int run(List<String> command, Map<String, String> childEnv)
      throws Stop, InterruptedException {
    Optional<ChildProcess> started;
    try {
      started = start(command, childEnv);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command.getFirst(), e);
    }
    if (started.isEmpty()) {
      throw new Stop(1);
    }
    ChildProcess child = started.get();
    try (InputStream output = child.output()) {
      OutputPump.copy(output, log, "cairn-output-" + child.pid(), child.onTerminal());
    } catch (IOException e) {
      write("cairn-agent: reading the output failed: " + e.getMessage() + "\n");
    }
    if (child.outputAbandoned()) {
      write(
          "cairn-agent: a process this step left running still holds its terminal; output it"
              + " prints from now on is not logged\n");
    }
    int status = child.waitFor();
    slot.finished(child);
    release();
    return status;
  }

  /**
   * Starts a step on a terminal of its own when the job runs on terminals; if none can be opened,
   * this step and the rest of the job run on pipes.
   */
  private Optional<ChildProcess> start(List<String> command, Map<String, String> childEnv)
      throws IOException {
    if (onTerminal) {
      try {
        return slot.start(command, dir, childEnv, cleanup, true);
      } catch (PseudoTerminal.Unavailable e) {
        fallBackToPipes(e);
        childEnv.put("BUILDKITE_PTY", "false");
      }
    }
    return slot.start(command, dir, childEnv, cleanup, false);
  }

  /** Says once, in the job log, why the job runs on pipes although it should have a terminal. */
  private void fallBackToPipes(PseudoTerminal.Unavailable e) {
    onTerminal = false;
    env.put("BUILDKITE_PTY", "false");
    write(
        "cairn-agent: warning: cannot run this job in a pseudo-terminal ("
            + e.getMessage()
            + "); running it on pipes instead, as with --no-pty\n");
  }

  private void refreshRedactor() {
    log.update(Redactor.fromEnvironment(env, settings.redactedVars()).with(redactions));
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
