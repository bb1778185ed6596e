package dev.cairn.pipeline;

/**
 * A step's {@code skip}: {@code true} or a reason of at most 70 characters skips it; {@code false}
 * and {@code ""} do not. A skipped step's jobs are created already skipped.
 */
public record Skip(boolean skipped, String reason) {
  public static final Skip NONE = new Skip(false, "");
}
