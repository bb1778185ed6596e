package dev.cairn.agent.job;

import dev.cairn.agent.signing.JobVerifier;
import dev.cairn.agent.signing.SigningException;
import dev.cairn.agent.signing.SigningKeys;
import dev.cairn.agent.signing.Verification;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature check before a job's first hook (spec §8). An agent with verification keys checks
 * every job, and an unsigned job fails the check; on an agent without keys a signed job fails it
 * too, as it cannot be checked (the official agent's tests expect exit -1 there), and an unsigned
 * one runs. A failed check blocks the job (exit -1, {@code signature_rejected}) or, with {@code
 * --verification-failure-behavior warn}, is logged and the job runs. The signing classes load only
 * when there is something to check.
 */
final class JobSignatureCheck {
  private static final Logger LOG = LoggerFactory.getLogger(JobSignatureCheck.class);

  private JobSignatureCheck() {}

  /** Whether the job may run; says why in its log when it fails the check. */
  static boolean passes(
      Verification verification, dev.cairn.protocol.Job job, OutputStream log, String label) {
    boolean signed = job.step() != null && job.step().get("signature") != null;
    if (verification.jwksFile() == null && !signed) {
      return true;
    }
    try {
      if (verification.jwksFile() == null) {
        throw new SigningException(
            "the job is signed, but this agent has no verification keys"
                + " (--verification-jwks-file) to check it with");
      }
      JobVerifier.of(SigningKeys.load(verification.jwksFile()))
          .verify(job.step(), job.matrixPermutation(), job.env());
      JobLog.write(log, "~~~ Job signature verified\n");
      return true;
    } catch (SigningException e) {
      if (verification.block()) {
        LOG.warn("{}: signature verification failed, refusing the job: {}", label, e.getMessage());
        JobLog.write(log, "⛔ Job signature verification failed: " + e.getMessage() + "\n");
        JobLog.write(log, "⛔ The job was not run (--verification-failure-behavior block)\n");
        return false;
      }
      LOG.warn("{}: signature verification failed, running anyway: {}", label, e.getMessage());
      JobLog.write(
          log,
          "⚠️ WARNING: Job signature verification failed: "
              + e.getMessage()
              + "; running the job anyway (--verification-failure-behavior warn)\n");
      return true;
    }
  }
}
