package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import dev.cairn.agent.command.PipelineUploadCommand;
import dev.cairn.agent.signing.KeyPairs;
import dev.cairn.agent.signing.SigningException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent tool}: set-up tasks for people, as the official agent's {@code tool}. */
@Command(
    name = "tool",
    mixinStandardHelpOptions = true,
    description = "Tools for setting up pipelines (key generation, offline signing).",
    subcommands = {AgentToolCommand.Keygen.class, AgentToolCommand.Sign.class})
final class AgentToolCommand {
  private AgentToolCommand() {}

  /** {@code tool keygen}: a new signing key pair, as a private and a public JWKS file. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = "Generate a JWS key pair for signing pipelines and verifying jobs.")
  static final class Keygen implements Callable<Integer> {
    @Option(
        names = "--alg",
        defaultValue = "EdDSA",
        description = "EdDSA, ES512 or PS512 (default ${DEFAULT-VALUE}).")
    String alg;

    @Option(names = "--key-id", description = "The keys' id (default a random one).")
    String keyId;

    @Option(
        names = "--private-jwks-file",
        description = "Where the private key set goes (default ALG-KEYID-private.json here).")
    Path privateFile;

    @Option(
        names = "--public-jwks-file",
        description = "Where the public key set goes (default ALG-KEYID-public.json here).")
    Path publicFile;

    @Override
    public Integer call() {
      String id = keyId == null || keyId.isBlank() ? UUID.randomUUID().toString() : keyId;
      Path privatePath =
          privateFile != null ? privateFile : Path.of(alg + "-" + id + "-private.json");
      Path publicPath = publicFile != null ? publicFile : Path.of(alg + "-" + id + "-public.json");
      try {
        KeyPairs.Generated keys = KeyPairs.generate(alg, id);
        writePrivate(privatePath, keys.privateJwks());
        Files.writeString(publicPath, keys.publicJwks() + "\n", StandardCharsets.UTF_8);
      } catch (SigningException e) {
        System.err.println("tool keygen: " + e.getMessage());
        return 1;
      } catch (IOException e) {
        System.err.println("tool keygen: cannot write the key files: " + e.getMessage());
        return 1;
      }
      System.err.println(
          "tool keygen: wrote the private key set to "
              + privatePath
              + " and the public key set to "
              + publicPath
              + " (key id "
              + id
              + ")");
      return 0;
    }

    /** The private set is readable by its owner only, from the moment it exists. */
    private static void writePrivate(Path path, String json) throws IOException {
      Files.deleteIfExists(path);
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(path, json + "\n", StandardCharsets.UTF_8);
    }
  }

  /**
   * {@code tool sign}: signs a pipeline file offline and prints it as JSON, ready for {@code
   * pipeline upload --no-interpolation} (the same signing as {@code pipeline upload --jwks-file}).
   */
  @Command(
      name = "sign",
      description = "Sign the command steps of a pipeline file and print the signed pipeline.")
  static final class Sign extends InJobCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
    String file;

    @Option(
        names = {"--jwks-file", "--signing-jwks-file"},
        required = true,
        defaultValue = "${env:BUILDKITE_AGENT_JWKS_FILE}",
        description = "The JWKS file of the signing key (env BUILDKITE_AGENT_JWKS_FILE).")
    String jwksFile;

    @Option(
        names = {"--jwks-key-id", "--signing-jwks-key-id"},
        defaultValue = "${env:BUILDKITE_AGENT_JWKS_KEY_ID}",
        description = "The signing key's id (env BUILDKITE_AGENT_JWKS_KEY_ID).")
    String jwksKeyId;

    @Option(
        names = "--no-interpolation",
        description = "Sign the file without interpolating it first.")
    boolean noInterpolation;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new PipelineUploadCommand(io)
          .upload(
              null,
              new PipelineUploadCommand.Options(
                  file, !noInterpolation, true, false, false, jwksFile, jwksKeyId));
    }
  }
}
