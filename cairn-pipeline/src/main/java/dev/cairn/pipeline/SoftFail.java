package dev.cairn.pipeline;

import java.util.List;

/**
 * Which exit statuses count as a soft failure: none, any non-zero one ({@code soft_fail: true} or
 * {@code exit_status: "*"}), or the listed ones. A soft failure counts as passed for the build and
 * for dependents.
 */
public record SoftFail(boolean anyStatus, List<Integer> exitStatuses) {
  public static final SoftFail NONE = new SoftFail(false, List.of());
  public static final SoftFail ANY = new SoftFail(true, List.of());

  public SoftFail {
    exitStatuses = List.copyOf(exitStatuses);
  }

  /** Whether a job that exited with {@code status} failed softly. */
  public boolean matches(int status) {
    return status != 0 && (anyStatus || exitStatuses.contains(status));
  }

  /** Whether any status at all is soft. */
  public boolean isSoft() {
    return anyStatus || !exitStatuses.isEmpty();
  }
}
