package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import dev.cairn.agent.command.MetaDataCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent meta-data set|get|exists|keys}: the build's key/value store, from a job. */
@Command(
    name = "meta-data",
    mixinStandardHelpOptions = true,
    description = "Set and read the build's meta-data from inside a job.",
    subcommands = {
      MetaDataCommand.Set.class,
      MetaDataCommand.Get.class,
      MetaDataCommand.Exists.class,
      MetaDataCommand.Keys.class
    })
final class MetaDataCommand {
  private MetaDataCommand() {}

  @Command(name = "set", description = "Set KEY to VALUE (or to stdin).")
  static final class Set extends InJobCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE")
    String value;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new MetaDataCommands(scope, io).set(key, value);
    }
  }

  @Command(name = "get", description = "Print the value of KEY.")
  static final class Get extends InJobCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--default", description = "Printed when KEY has no value.")
    String defaultValue;

    @Option(names = "--job", description = "Ignored: reads are build-wide.", hidden = true)
    String job;

    @Option(names = "--build", description = "Read from this build (a build id).")
    String build;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new MetaDataCommands(scope, io).get(key, defaultValue, build);
    }
  }

  @Command(name = "exists", description = "Exit 0 if KEY has a value, 100 if not.")
  static final class Exists extends InJobCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--build", description = "Look in this build (a build id).")
    String build;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new MetaDataCommands(scope, io).exists(key, build);
    }
  }

  @Command(name = "keys", description = "Print every key, one a line.")
  static final class Keys extends InJobCommand {
    @Option(names = "--build", description = "List this build's keys (a build id).")
    String build;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new MetaDataCommands(scope, io).keys(build);
    }
  }
}
