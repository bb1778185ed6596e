package dev.cairn.core.port;

/**
 * An assignment would let more jobs of a concurrency group run than its limit allows, or would
 * overtake an older job of an {@code ordered} group. The store checks this inside the assigning
 * transaction, so two servers cannot both take the last slot.
 */
public final class ConcurrencyLimitReachedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConcurrencyLimitReachedException(String group, String reason) {
    super("concurrency group " + group + ": " + reason);
  }
}
