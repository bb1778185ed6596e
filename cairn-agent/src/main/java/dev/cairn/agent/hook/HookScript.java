package dev.cairn.agent.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a hook is run so that what it exports carries on (spec §6): bash sources it from a small
 * wrapper whose {@code EXIT} trap writes {@code env -0} and {@code pwd} to files, whatever way the
 * hook ends (its last command, {@code exit N}, or an error under its own {@code set -e}). The
 * runner then compares the environment it gave the hook with the one written back ({@link #diff}).
 * Buildkite's executor does the same with its own env dump; this is that trick in bash.
 *
 * <p>Shell state that is not environment (unexported variables, functions, options) does not carry
 * over, as with the official agent.
 */
public final class HookScript {
  /** Variables bash itself sets or changes, and ours; never copied back into the job env. */
  private static final Set<String> SHELL_NOISE =
      Set.of(
          "_",
          "SHLVL",
          "PWD",
          "OLDPWD",
          "BASH_EXECUTION_STRING",
          "CAIRN_HOOK_FILE",
          "CAIRN_HOOK_ENV_FILE",
          "CAIRN_HOOK_PWD_FILE");

  private static final String WRAPPER =
      """
      trap 'CAIRN_HOOK_STATUS=$?; pwd > "$CAIRN_HOOK_PWD_FILE"; env -0 > "$CAIRN_HOOK_ENV_FILE"; \
      exit $CAIRN_HOOK_STATUS' EXIT
      . "$CAIRN_HOOK_FILE"
      """;

  private final Path envFile;
  private final Path pwdFile;

  /** A script writing its results under {@code workDir} (a private per-job directory). */
  public HookScript(Path workDir) {
    this.envFile = workDir.resolve("hook-env");
    this.pwdFile = workDir.resolve("hook-pwd");
  }

  /** The command line that runs {@code hook}. */
  public List<String> command() {
    return List.of("bash", "-c", WRAPPER);
  }

  /**
   * {@code env}, the hook's own variables (a plugin's configuration) and the variables the wrapper
   * reads. Compare the hook's result with this map, so the hook's own variables do not leak into
   * the job's environment.
   */
  public Map<String, String> environment(Hook hook, Map<String, String> env) throws IOException {
    Files.deleteIfExists(envFile);
    Files.deleteIfExists(pwdFile);
    Map<String, String> withPaths = new HashMap<>(env);
    withPaths.putAll(hook.env());
    withPaths.put("CAIRN_HOOK_FILE", hook.file().toString());
    withPaths.put("CAIRN_HOOK_ENV_FILE", envFile.toString());
    withPaths.put("CAIRN_HOOK_PWD_FILE", pwdFile.toString());
    return withPaths;
  }

  /** What the hook left behind, empty if it died before the trap ran (killed). */
  public Optional<Result> result() throws IOException {
    try {
      byte[] dump = Files.readAllBytes(envFile);
      String pwd = Files.readString(pwdFile, StandardCharsets.UTF_8).strip();
      return Optional.of(new Result(parse(dump), Path.of(pwd)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The environment and working directory a hook ended with. */
  public record Result(Map<String, String> env, Path workingDir) {}

  static Map<String, String> parse(byte[] dump) {
    Map<String, String> env = new HashMap<>();
    String text = new String(dump, StandardCharsets.UTF_8);
    for (String entry : text.split("\0", -1)) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        env.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return env;
  }

  /**
   * Applies to {@code env} what changed between {@code before} and {@code after}: new and changed
   * variables are set, removed ones removed; bash's own variables are ignored.
   */
  public static void diff(
      Map<String, String> before, Map<String, String> after, Map<String, String> env) {
    after.forEach((name, value) -> {
      if (!SHELL_NOISE.contains(name) && !value.equals(before.get(name))) {
        env.put(name, value);
      }
    });
    before
        .keySet()
        .forEach(name -> {
          if (!SHELL_NOISE.contains(name) && !after.containsKey(name)) {
            env.remove(name);
          }
        });
  }
}
