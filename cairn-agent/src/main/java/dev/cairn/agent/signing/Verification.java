package dev.cairn.agent.signing;

import java.nio.file.Path;

/**
 * How an agent treats job signatures ({@code --verification-jwks-file}, {@code
 * --verification-failure-behavior}). {@code jwksFile} null means no verification keys.
 *
 * @param block whether a job that fails verification is refused (the default) or only warned about
 */
public record Verification(Path jwksFile, boolean block) {
  /** No keys, the default behaviour. */
  public static final Verification NONE = new Verification(null, true);

  /** The behaviour named by {@code --verification-failure-behavior}: block or warn. */
  public static boolean blocks(String behavior) {
    return switch (behavior == null ? "block" : behavior) {
      case "block" -> true;
      case "warn" -> false;
      default ->
          throw new IllegalArgumentException(
              "--verification-failure-behavior must be block or warn, not " + behavior);
    };
  }
}
