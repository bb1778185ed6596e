package dev.cairn.agent.job;

import dev.cairn.agent.process.BoundedCommand;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Adds the SSH server of a repository to {@code ~/.ssh/known_hosts} before it is cloned, as the
 * official agent does unless {@code --no-ssh-keyscan}: otherwise the first clone from a new host
 * stops at ssh's question whether to trust it, which a job cannot answer.
 *
 * <p>Design note (the official agent's {@code knownhosts.go}, behaviour only): nothing happens for
 * an address that names no SSH server ({@link SshRemote}). The host is first resolved through ssh's
 * own configuration ({@code ssh -G}), so an alias of {@code ~/.ssh/config} is scanned under its
 * real name and port. If {@code ssh-keygen -F} finds the host (hashed entries included) in the
 * file, nothing changes; else {@code ssh-keyscan} is asked, up to {@value #ATTEMPTS} times {@value
 * #RETRY_SECONDS} s apart, and what it prints is appended. The file is {@code
 * $HOME/.ssh/known_hosts} of the job's environment (the official agent's, too); it and its
 * directory are made if missing. Agents of one host append under a lock: one in this process, and a
 * file lock on {@code known_hosts.lock} against other processes. Every command is bounded in time.
 * A failure is a warning in the job log, never a job failure: the clone itself then says what is
 * wrong.
 */
final class SshKeyscan {
  private static final int ATTEMPTS = 3;
  private static final int RETRY_SECONDS = 2;
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(15);
  private static final Duration LOCK_LIMIT = Duration.ofSeconds(30);

  /** ssh-keyscan's own limit for a silent connection, below {@link #COMMAND_LIMIT}. */
  private static final String KEYSCAN_TIMEOUT_SECONDS = "5";

  /** The official agent's fallback for a host alias when {@code ssh -G} cannot say. */
  private static final Pattern ALIAS_SUFFIX = Pattern.compile("-[a-z0-9\\-]+$");

  private static final ReentrantLock IN_PROCESS = new ReentrantLock();

  private final Map<String, String> env;
  private final Consumer<String> log;
  private final BooleanSupplier cancelled;

  /**
   * @param env the job's environment (its {@code HOME} and {@code PATH})
   * @param log where lines for the job log go, each ending in a newline
   * @param cancelled whether the job was cancelled meanwhile: then no further attempt is made
   */
  SshKeyscan(Map<String, String> env, Consumer<String> log, BooleanSupplier cancelled) {
    this.env = env;
    this.log = log;
    this.cancelled = cancelled;
  }

  /** Makes sure the SSH server of {@code repository}, if it names one, is a known host. */
  void ensureKnown(String repository) throws InterruptedException {
    Optional<SshRemote> remote;
    try {
      remote = SshRemote.of(repository);
    } catch (IllegalArgumentException e) {
      warn("not adding the repository's host to known_hosts: " + e.getMessage());
      return;
    }
    if (remote.isEmpty()) {
      return;
    }
    SshRemote resolved = resolve(remote.get());
    try {
      Path file = knownHostsFile();
      withLock(file, () -> add(resolved, file));
    } catch (IOException e) {
      warn("cannot add " + resolved.knownHostsName() + " to known_hosts: " + e.getMessage());
    }
  }

  /** The host and port ssh itself would connect to, honouring {@code ~/.ssh/config}. */
  SshRemote resolve(SshRemote remote) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("ssh", "-G"));
    if (remote.port() > 0) {
      command.addAll(List.of("-p", Integer.toString(remote.port())));
    }
    command.add(remote.host());
    Output out = run(command);
    String hostname = null;
    int port = -1;
    if (out.status() == 0) {
      for (String line : out.stdout().lines().toList()) {
        String[] kv = line.strip().split(" ", 2);
        if (kv.length == 2 && kv[0].equals("hostname")) {
          hostname = kv[1].strip();
        } else if (kv.length == 2 && kv[0].equals("port")) {
          port = parsePort(kv[1].strip());
        }
      }
    }
    if (hostname == null || hostname.isEmpty()) {
      return new SshRemote(ALIAS_SUFFIX.matcher(remote.host()).replaceAll(""), remote.port());
    }
    return new SshRemote(hostname, port > 0 ? port : remote.port());
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code $HOME/.ssh/known_hosts}, made (with its directory) if missing. */
  Path knownHostsFile() throws IOException {
    String home = env.getOrDefault("HOME", "");
    Path dir =
        Path.of(home.isBlank() ? System.getProperty("user.home") : home)
            .resolve(".ssh")
            .normalize();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path file = dir.resolve("known_hosts");
    if (!Files.exists(file)) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // Another agent made it just now.
      }
    }
    return file;
  }

  /** Whether {@code file} knows {@code remote}, asked of ssh-keygen (it reads hashed entries). */
  boolean known(SshRemote remote, Path file) throws InterruptedException, IOException {
    Output out = run(List.of("ssh-keygen", "-F", remote.knownHostsName(), "-f", file.toString()));
    return switch (out.status()) {
      case 0 -> true;
      case 1 -> false;
      default ->
          throw new IOException(
              "ssh-keygen -F " + remote.knownHostsName() + " failed: " + out.describe());
    };
  }

  private void add(SshRemote remote, Path file) throws InterruptedException, IOException {
    String name = remote.knownHostsName();
    if (known(remote, file)) {
      log.accept("Host \"" + name + "\" already in list of known hosts at \"" + file + "\"\n");
      return;
    }
    List<String> command = new ArrayList<>(List.of("ssh-keyscan", "-T", KEYSCAN_TIMEOUT_SECONDS));
    if (remote.port() > 0 && remote.port() != SshRemote.DEFAULT_PORT) {
      command.addAll(List.of("-p", Integer.toString(remote.port())));
    }
    command.add(remote.host());
    String shown = String.join(" ", command);
    for (int attempt = 1; attempt <= ATTEMPTS && !cancelled.getAsBoolean(); attempt++) {
      Output out = run(command);
      List<String> keys =
          out.stdout()
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList();
      if (out.status() == 0 && !keys.isEmpty()) {
        String separator = endsWithNewline(file) ? "" : "\n";
        Files.writeString(
            file,
            separator + String.join("\n", keys) + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        log.accept("Added host \"" + name + "\" to known hosts at \"" + file + "\"\n");
        return;
      }
      String why = out.status() == 0 ? "it printed no host key" : out.describe();
      warn("`" + shown + "` failed (attempt " + attempt + " of " + ATTEMPTS + "): " + why);
      if (attempt < ATTEMPTS && !cancelled.getAsBoolean()) {
        TimeUnit.SECONDS.sleep(RETRY_SECONDS);
      }
    }
  }

  /**
   * Whether {@code file} is empty or ends a line, so an appended entry starts a line of its own.
   */
  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return true;
      }
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  private interface LockedStep {
    void run() throws InterruptedException, IOException;
  }

  /** Runs {@code step} holding both locks, waiting at most {@link #LOCK_LIMIT} for them. */
  private static void withLock(Path file, LockedStep step)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + LOCK_LIMIT.toNanos();
    if (!IN_PROCESS.tryLock(LOCK_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException("another job of this agent holds known_hosts for too long");
    }
    try (FileChannel channel =
        FileChannel.open(
            file.resolveSibling(file.getFileName() + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      while (lock == null) {
        if (System.nanoTime() > deadline) {
          throw new IOException("another process holds " + file + ".lock for too long");
        }
        TimeUnit.MILLISECONDS.sleep(50);
        lock = channel.tryLock();
      }
      try {
        step.run();
      } finally {
        lock.release();
      }
    } finally {
      IN_PROCESS.unlock();
    }
  }

  /** What a command printed and how it ended; status -1 if it could not run or timed out. */
  private record Output(int status, String stdout, String stderr) {
    String describe() {
      String said = stderr.strip();
      String end = status < 0 ? "" : "exit status " + status;
      return said.isEmpty() ? end : end.isEmpty() ? said : end + ": " + said;
    }
  }

  /** Runs {@code command} with the job's environment within {@link #COMMAND_LIMIT}. */
  private Output run(List<String> command) throws InterruptedException {
    BoundedCommand.Result result = BoundedCommand.run(command, null, env, COMMAND_LIMIT);
    if (result.timedOut()) {
      return new Output(
          -1, "", command.getFirst() + " did not finish within " + COMMAND_LIMIT.toSeconds() + "s");
    }
    if (result.error().isPresent()) {
      return new Output(-1, "", command.getFirst() + " could not run: " + result.error().get());
    }
    return new Output(result.status(), result.stdout(), result.stderr());
  }

  private void warn(String message) {
    log.accept("cairn-agent: warning: " + message + "\n");
  }
}
