package dev.cairn.core.port;

import dev.cairn.core.annotation.Annotation;
import java.util.List;
import java.util.Optional;

/**
 * Build annotations, one per (build, job or none, context). Appending concatenates bodies in the
 * database, so parallel jobs appending to one context lose nothing. Thread-safe.
 */
public interface AnnotationStore {
  /**
   * Creates the annotation, or replaces the one with its build, scope and context; with {@code
   * append} the stored body is extended instead of replaced (style and priority are replaced).
   */
  void put(Annotation annotation, boolean append);

  Optional<Annotation> find(String buildId, Optional<String> jobId, String context);

  /** Removes one annotation; false when there was none. */
  boolean remove(String buildId, Optional<String> jobId, String context);

  /** The build's annotations, highest priority first, then oldest first. */
  List<Annotation> ofBuild(String buildId);
}
