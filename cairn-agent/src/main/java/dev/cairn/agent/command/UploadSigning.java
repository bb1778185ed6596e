package dev.cairn.agent.command;

import dev.cairn.agent.signing.PipelineSigner;
import dev.cairn.agent.signing.SigningException;
import java.util.Map;

/**
 * Signs a pipeline on upload ({@code --jwks-file}); a class of its own so the signing library loads
 * only for uploads that sign. The repository URL signed is the job's {@code BUILDKITE_REPO}.
 */
final class UploadSigning {
  private UploadSigning() {}

  static Map<String, Object> sign(
      Map<String, Object> body, CommandIo io, String jwksFile, String keyId)
      throws CommandException {
    try {
      return PipelineSigner.of(
              io.workingDir().resolve(jwksFile), keyId, io.env().getOrDefault("BUILDKITE_REPO", ""))
          .sign(body);
    } catch (SigningException e) {
      throw CommandException.failed("pipeline upload: " + e.getMessage(), e);
    }
  }
}
