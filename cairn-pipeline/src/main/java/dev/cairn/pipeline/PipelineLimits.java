package dev.cairn.pipeline;

/**
 * The limits expansion enforces (spec §10), hosted defaults in {@link #DEFAULTS}. A breached limit
 * refuses the whole upload. The per-step matrix shape limits (dimensions, elements, bytes,
 * adjustments), key length, skip reason, retry limit and team count are fixed and checked at parse.
 */
public record PipelineLimits(int jobsPerUpload, int jobsPerBuild, int jobsPerMatrixStep) {
  public static final PipelineLimits DEFAULTS = new PipelineLimits(500, 4000, 50);

  public PipelineLimits {
    if (jobsPerUpload < 1 || jobsPerBuild < 1 || jobsPerMatrixStep < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
