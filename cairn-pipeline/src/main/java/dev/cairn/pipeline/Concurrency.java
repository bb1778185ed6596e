package dev.cairn.pipeline;

/**
 * A command step's concurrency gate: at most {@code limit} jobs of {@code group} (shared across the
 * organisation, at most 200 characters) run at once, taken in creation order ({@code ordered}) or
 * as soon as possible ({@code eager}).
 */
public record Concurrency(int limit, String group, Method method) {
  /** {@code concurrency_method}. */
  public enum Method {
    ORDERED,
    EAGER
  }
}
