package dev.cairn.core.orchestrate;

import dev.cairn.core.annotation.Annotation;
import dev.cairn.core.annotation.AnnotationRules;
import dev.cairn.core.port.AnnotationStore;
import dev.cairn.core.port.IdGenerator;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Annotations jobs add to their build ({@code buildkite-agent annotate} and {@code annotation
 * remove}). Scope {@code build} (the default) or {@code job}; appending extends the body of the
 * annotation with the same context and keeps its style and priority unless new ones are given.
 * Thread-safe.
 */
public final class Annotations {
  private final AnnotationStore store;
  private final IdGenerator ids;
  private final InstantSource clock;

  public Annotations(AnnotationStore store, IdGenerator ids, InstantSource clock) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
  }

  /** An {@code annotate} call; null or blank fields take their defaults. */
  public record Request(
      String body, String context, String style, boolean append, Integer priority, String scope) {}

  public Result<Annotation> annotate(String buildId, String jobId, Request request) {
    Optional<String> problem = check(request);
    Result<Optional<String>> scope = scope(request.scope(), jobId);
    if (problem.isPresent() || !(scope instanceof Result.Done<Optional<String>> inScope)) {
      return new Result.Refused<>(problem.orElseGet(() -> ((Result.Refused<?>) scope).reason()));
    }
    String context = orDefault(request.context(), AnnotationRules.DEFAULT_CONTEXT);
    Optional<Annotation> existing = store.find(buildId, inScope.value(), context);
    Instant now = clock.instant();
    String style =
        blank(request.style())
            ? existing.map(Annotation::style).orElse(AnnotationRules.DEFAULT_STYLE)
            : request.style();
    int priority =
        request.priority() != null
            ? request.priority()
            : existing.map(Annotation::priority).orElse(AnnotationRules.DEFAULT_PRIORITY);
    Annotation annotation =
        new Annotation(
            existing.map(Annotation::id).orElseGet(ids::newId),
            buildId,
            inScope.value(),
            context,
            style,
            priority,
            request.body() == null ? "" : request.body(),
            existing.map(Annotation::createdAt).orElse(now),
            now);
    store.put(annotation, request.append());
    return new Result.Done<>(annotation);
  }

  /** Removes the annotation with this context in the scope; not found when there is none. */
  public Result<Boolean> remove(String buildId, String jobId, String context, String scope) {
    Result<Optional<String>> inScope = scope(scope, jobId);
    if (!(inScope instanceof Result.Done<Optional<String>> done)) {
      return new Result.Refused<>(((Result.Refused<?>) inScope).reason());
    }
    boolean removed =
        store.remove(buildId, done.value(), orDefault(context, AnnotationRules.DEFAULT_CONTEXT));
    return removed ? new Result.Done<>(true) : new Result.NotFound<>();
  }

  public List<Annotation> ofBuild(String buildId) {
    return store.ofBuild(buildId);
  }

  private static Optional<String> check(Request request) {
    return AnnotationRules.checkStyle(request.style())
        .or(() ->
            request.priority() == null
                ? Optional.empty()
                : AnnotationRules.checkPriority(request.priority()))
        .or(() -> AnnotationRules.checkBody(request.body() == null ? "" : request.body()));
  }

  private static Result<Optional<String>> scope(String scope, String jobId) {
    if (blank(scope) || scope.equals("build")) {
      return new Result.Done<>(Optional.empty());
    }
    if (scope.equals("job")) {
      return new Result.Done<>(Optional.of(jobId));
    }
    return new Result.Refused<>("scope must be build or job, got \"" + scope + "\"");
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String orDefault(String value, String fallback) {
    return blank(value) ? fallback : value;
  }
}
