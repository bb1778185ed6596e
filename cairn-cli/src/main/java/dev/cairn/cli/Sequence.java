package dev.cairn.cli;

/**
 * Readable, deterministic ids for offline planning ({@code job-1}, {@code job-2}, ...), so the same
 * file always prints the same output. Not thread-safe.
 */
final class Sequence {
  private final String prefix;
  private int next;

  Sequence(String prefix) {
    this.prefix = prefix;
  }

  String next() {
    return prefix + "-" + ++next;
  }
}
