package dev.cairn.agent.command;

import dev.cairn.agent.api.JobResourcesClient;
import dev.cairn.agent.api.JobResourcesClient.Annotation;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.log.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * {@code annotate [BODY]} and {@code annotation remove} (spec §4.4). The body comes from the
 * argument or stdin, at most {@value #MAX_BODY_BYTES} bytes, and is redacted with the job's secrets
 * before it leaves the machine.
 */
public final class AnnotateCommands {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Set<String> STYLES = Set.of("", "success", "info", "warning", "error");

  private final JobScope scope;
  private final CommandIo io;
  private final JobResourcesClient client;

  public AnnotateCommands(JobScope scope, CommandIo io) {
    this.scope = scope;
    this.io = io;
    this.client = new JobResourcesClient(scope.transport(), scope.token());
  }

  /** The flags of {@code annotate}. */
  public record Options(String style, String context, boolean append, int priority, String scope) {}

  public int annotate(String body, Options options) throws CommandException, InterruptedException {
    String style = options.style() == null ? "" : options.style();
    if (!STYLES.contains(style)) {
      throw CommandException.usage(
          "annotate: --style must be one of success, info, warning, error");
    }
    if (options.priority() < 1 || options.priority() > 10) {
      throw CommandException.usage("annotate: --priority must be between 1 and 10");
    }
    String text = body != null ? body : io.stdinHasData() ? io.readStdin() : "";
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw CommandException.usage("annotate: the body is larger than 1 MiB");
    }
    String redacted = redact(text);
    Annotation annotation =
        new Annotation(
            redacted,
            blankToNull(options.context()),
            blankToNull(style),
            options.append(),
            options.priority(),
            blankToNull(options.scope()));
    ApiCalls.run(
        "annotate",
        RetryPolicy.ANNOTATE,
        () -> {
          client.annotate(scope.jobId(), annotation);
          return null;
        });
    return 0;
  }

  public int remove(String context, String annotationScope)
      throws CommandException, InterruptedException {
    String ctx = context == null || context.isBlank() ? "default" : context;
    String within =
        annotationScope == null || annotationScope.isBlank() ? "build" : annotationScope;
    ApiCalls.run(
        "annotation remove",
        RetryPolicy.ANNOTATE,
        () -> {
          client.removeAnnotation(scope.jobId(), ctx, within);
          return null;
        });
    return 0;
  }

  private String redact(String text) {
    Redactor redactor = Redactor.fromEnvironment(io.env(), Redactor.patterns(io.env()));
    List<String> names = redactor.namesFoundIn(text);
    return names.isEmpty() ? text : redactor.redact(text);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
