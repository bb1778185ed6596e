package dev.cairn.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Attributes set on a job ({@code job update}) or a step ({@code step update}) while a build runs,
 * keyed by build, subject ({@code job:<id>} or {@code step:<id>}) and attribute name. Thread-safe.
 */
public interface AttributeStore {
  /**
   * Sets (or, with {@code append}, extends) an attribute. A change whose {@code changeId} equals
   * the last one applied to that attribute is a retry and changes nothing.
   */
  void put(
      String buildId,
      String subject,
      String name,
      String value,
      boolean append,
      Optional<String> changeId,
      Instant at);

  /** Every attribute of the subject, by name. */
  Map<String, String> all(String buildId, String subject);
}
