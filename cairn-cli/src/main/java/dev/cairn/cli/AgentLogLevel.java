package dev.cairn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-level} and {@code --debug}: the official agent's level names mapped onto Logback's.
 * The official agent's default, notice, sits between info and warn; Logback has no such level, so
 * notice logs as info (Cairn's usual level: registration, jobs started and finished).
 */
final class AgentLogLevel {
  private static final Map<String, Level> LEVELS =
      Map.of(
          "debug", Level.DEBUG,
          "info", Level.INFO,
          "notice", Level.INFO,
          "warn", Level.WARN,
          "error", Level.ERROR,
          "fatal", Level.ERROR);

  private AgentLogLevel() {}

  /**
   * Sets the level of every logger that does not have its own.
   *
   * @throws IllegalArgumentException naming the flag if {@code name} is no level
   */
  static void apply(String name) {
    Level level = LEVELS.get(name.strip().toLowerCase(Locale.ROOT));
    if (level == null) {
      throw new IllegalArgumentException(
          "--log-level must be one of debug, info, notice, warn, error or fatal, got '"
              + name
              + "'");
    }
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(level);
    }
  }
}
