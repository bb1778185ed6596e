package dev.cairn.cli;

import dev.cairn.agent.command.ArtifactCommands;
import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent artifact upload|download|search|shasum}. */
@Command(
    name = "artifact",
    mixinStandardHelpOptions = true,
    description = "Upload and download the build's artifacts from inside a job.",
    subcommands = {
      ArtifactCommand.Upload.class,
      ArtifactCommand.Download.class,
      ArtifactCommand.Search.class,
      ArtifactCommand.Shasum.class
    })
final class ArtifactCommand {
  private ArtifactCommand() {}

  @Command(name = "upload", description = "Upload the files matching PATHS (globs split by ;).")
  static final class Upload extends InJobCommand {
    @Parameters(index = "0", paramLabel = "PATHS")
    String paths;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION")
    String destination;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new ArtifactCommands(scope, io).upload(paths, destination);
    }
  }

  /** The options shared by the commands that search. */
  abstract static class Searching extends InJobCommand {
    @Option(names = "--step", description = "Only artifacts of this step (key or id) or job.")
    String step;

    @Option(names = "--build", description = "Search this build instead of the job's.")
    String build;
  }

  @Command(name = "download", description = "Download the artifacts matching QUERY into DIR.")
  static final class Download extends Searching {
    @Parameters(index = "0", paramLabel = "QUERY")
    String query;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", defaultValue = ".")
    String destination;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new ArtifactCommands(scope, io).download(query, destination, step, build);
    }
  }

  @Command(name = "search", description = "List the artifacts matching QUERY.")
  static final class Search extends Searching {
    @Parameters(index = "0", paramLabel = "QUERY")
    String query;

    @Option(
        names = "--format",
        description =
            "%%i id, %%p path, %%c created, %%j job, %%s size, %%S sha1, %%T sha256, %%u url")
    String format;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new ArtifactCommands(scope, io).search(query, step, build, format);
    }
  }

  @Command(name = "shasum", description = "Print the SHA-1 (or SHA-256) of the artifact at PATH.")
  static final class Shasum extends Searching {
    @Parameters(index = "0", paramLabel = "QUERY")
    String query;

    @Option(names = "--sha256", description = "Print the SHA-256 instead.")
    boolean sha256;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new ArtifactCommands(scope, io).shasum(query, sha256, step, build);
    }
  }
}
