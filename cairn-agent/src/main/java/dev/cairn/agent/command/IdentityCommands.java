package dev.cairn.agent.command;

import dev.cairn.agent.api.JobResourcesClient;
import dev.cairn.agent.api.JobResourcesClient.OidcRequest;
import dev.cairn.agent.api.JobResourcesClient.StepExport;
import dev.cairn.agent.api.JobResourcesClient.StepUpdate;
import dev.cairn.agent.api.RetryPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The commands that read or change what the job is and may do: {@code oidc request-token} (spec
 * §4.5), {@code secret get} (§4.7), {@code step get} and {@code step update} (§4.6). Each prints
 * the server's answer as is. A token or secret is added to the job's redactions before it is
 * printed, as the official agent does, unless the caller skips that ({@code --skip-redaction});
 * with no job API to add it to, the command fails rather than print a value the log would show.
 */
public final class IdentityCommands {
  private final JobScope scope;
  private final CommandIo io;
  private final JobResourcesClient client;

  public IdentityCommands(JobScope scope, CommandIo io) {
    this.scope = scope;
    this.io = io;
    this.client = new JobResourcesClient(scope.transport(), scope.token());
  }

  /** {@code lifetime} in seconds, 0 for the server's default. */
  public int oidcToken(
      String audience,
      long lifetime,
      List<String> claims,
      String subjectClaim,
      boolean skipRedaction)
      throws CommandException, InterruptedException {
    if (lifetime < 0) {
      throw CommandException.usage("oidc request-token: --lifetime must not be negative");
    }
    OidcRequest request =
        new OidcRequest(
            blankToNull(audience),
            lifetime == 0 ? null : lifetime,
            claims == null || claims.isEmpty() ? null : List.copyOf(claims),
            blankToNull(subjectClaim));
    String token =
        ApiCalls.run(
            "oidc request-token",
            RetryPolicy.JOB_READ,
            () -> client.oidcToken(scope.jobId(), request));
    if (!skipRedaction) {
      redact("the OIDC token", token);
    }
    io.out().println(token);
    io.out().flush();
    return 0;
  }

  /** Prints each secret; {@code format} {@code env} prints {@code KEY="value"} lines. */
  public int secrets(List<String> keys, String format, boolean skipRedaction)
      throws CommandException, InterruptedException {
    if (keys.isEmpty()) {
      throw CommandException.usage("secret get: name at least one key");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      values.put(
          key,
          ApiCalls.run(
              "secret get", RetryPolicy.JOB_READ, () -> client.secret(scope.jobId(), key)));
    }
    if (!skipRedaction) {
      for (Map.Entry<String, String> secret : values.entrySet()) {
        redact("secret " + secret.getKey(), secret.getValue());
      }
    }
    for (Map.Entry<String, String> secret : values.entrySet()) {
      String key = secret.getKey();
      String value = secret.getValue();
      if ("env".equals(format)) {
        io.out().println(key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      } else {
        io.out().println(value);
      }
    }
    io.out().flush();
    return 0;
  }

  public int stepGet(String attribute, String step, String build, String format)
      throws CommandException, InterruptedException {
    StepExport export = new StepExport(blankToNull(attribute), build(build), blankToNull(format));
    String target = step(step);
    String output =
        ApiCalls.run("step get", RetryPolicy.JOB_READ, () -> client.exportStep(target, export));
    io.out().println(output);
    io.out().flush();
    return 0;
  }

  /** Sets {@code attribute}; a null {@code value} is read from stdin. */
  public int stepUpdate(String attribute, String value, boolean append, String step, String build)
      throws CommandException, InterruptedException {
    if (attribute == null || attribute.isBlank()) {
      throw CommandException.usage("step update: name the attribute");
    }
    String v = value != null ? value : io.readStdin().strip();
    StepUpdate update =
        new StepUpdate(UUID.randomUUID().toString(), build(build), attribute, v, append);
    String target = step(step);
    ApiCalls.run(
        "step update",
        RetryPolicy.JOB_READ,
        () -> {
          client.updateStep(target, update);
          return null;
        });
    return 0;
  }

  /** Adds {@code value} to the job's redactions, or fails naming {@code what} and the way out. */
  private void redact(String what, String value) throws CommandException, InterruptedException {
    try {
      new JobApiCommands(io).redact(value);
    } catch (CommandException e) {
      throw CommandException.failed(
          "cannot print "
              + what
              + ": adding it to the job's redactions needs the job API, and "
              + e.getMessage()
              + ". To print it anyway, unredacted, pass --skip-redaction",
          e);
    }
  }

  private String step(String step) throws CommandException {
    String chosen = step != null && !step.isBlank() ? step : scope.stepId();
    if (chosen.isBlank()) {
      throw CommandException.usage("step: BUILDKITE_STEP_ID is not set; pass --step");
    }
    return chosen;
  }

  private String build(String build) throws CommandException {
    return build != null && !build.isBlank() ? build : scope.requireBuild();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
