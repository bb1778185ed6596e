package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import dev.cairn.agent.command.LockCommands;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent lock get|acquire|release|do|done}: machine-scope locks between jobs. */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = "Machine-scope locks shared by the jobs of every agent on this host.",
    subcommands = {
      LockCommand.Get.class,
      LockCommand.Acquire.class,
      LockCommand.Release.class,
      LockCommand.Do.class,
      LockCommand.Done.class
    })
final class LockCommand {
  private LockCommand() {}

  /** What every lock subcommand accepts. */
  abstract static class LockSubcommand extends InJobCommand {
    @Option(
        names = "--lock-scope",
        defaultValue = "machine",
        description = "Only machine is supported.")
    String scope;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    final int run(JobScope job, CommandIo io) throws CommandException, InterruptedException {
      if (!scope.equals("machine")) {
        io.err().println("buildkite-agent: only --lock-scope machine is supported");
        return CommandException.USAGE;
      }
      return run(new LockCommands(io));
    }

    abstract int run(LockCommands locks) throws CommandException, InterruptedException;
  }

  /** A subcommand that may wait. */
  abstract static class WaitingSubcommand extends LockSubcommand {
    @Option(
        names = "--lock-wait-timeout",
        defaultValue = "${env:BUILDKITE_LOCK_WAIT_TIMEOUT:-0}",
        description = "Seconds to wait before giving up (0: as long as the job runs).")
    long waitSeconds;

    Duration waitTimeout() {
      return Duration.ofSeconds(Math.max(0, waitSeconds));
    }
  }

  @Command(name = "get", description = "Print the value of KEY.")
  static final class Get extends LockSubcommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(LockCommands locks) throws CommandException {
      return locks.get(key);
    }
  }

  @Command(name = "acquire", description = "Wait for KEY, take it, print a token for release.")
  static final class Acquire extends WaitingSubcommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(LockCommands locks) throws CommandException, InterruptedException {
      return locks.acquire(key, waitTimeout());
    }
  }

  @Command(name = "release", description = "Release KEY taken with TOKEN.")
  static final class Release extends LockSubcommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "TOKEN")
    String token;

    @Override
    int run(LockCommands locks) throws CommandException {
      return locks.release(key, token);
    }
  }

  @Command(name = "do", description = "Print do (do the work now) or, once done, done.")
  static final class Do extends WaitingSubcommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(LockCommands locks) throws CommandException, InterruptedException {
      return locks.doOnce(key, waitTimeout());
    }
  }

  @Command(name = "done", description = "Mark the work of KEY done (after lock do printed do).")
  static final class Done extends LockSubcommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    int run(LockCommands locks) throws CommandException {
      return locks.done(key);
    }
  }
}
