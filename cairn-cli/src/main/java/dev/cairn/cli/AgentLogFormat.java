package dev.cairn.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.time.ZoneId;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format}: how the agent process writes its own log lines (not jobs' logs). {@code
 * text}, the default, is {@link LogSetup}'s one line per event on standard error, left as it is;
 * {@code json} is one JSON object a line ({@link JsonLogEncoder}) on standard output, where the
 * official agent's JSON printer writes them too. Only {@code json} loads anything, so a default
 * start pays nothing for this flag. A {@code -Dlogback.configurationFile} keeps its own appenders,
 * as it does against {@link LogSetup}.
 */
final class AgentLogFormat {
  static final String JSON_APPENDER = "STDOUT-JSON";

  private AgentLogFormat() {}

  /**
   * Switches the agent's log to {@code format}; applying {@code json} again changes nothing.
   *
   * @throws IllegalArgumentException naming the flag and the value if {@code format} is neither
   *     {@code text} nor {@code json}
   */
  static void apply(String format) {
    switch (format) {
      case "text" -> {}
      case "json" -> useJson();
      default ->
          throw new IllegalArgumentException(
              "--log-format (BUILDKITE_LOG_FORMAT) must be text or json, got '" + format + "'");
    }
  }

  private static void useJson() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (System.getProperty("logback.configurationFile") != null) {
      root.warn("--log-format json ignored: -Dlogback.configurationFile sets the agent's logging");
      return;
    }
    if (root.getAppender(JSON_APPENDER) != null) {
      return;
    }
    JsonLogEncoder encoder = new JsonLogEncoder(ZoneId.systemDefault());
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName(JSON_APPENDER);
    stdout.setTarget("System.out");
    stdout.setEncoder(encoder);
    stdout.start();
    root.detachAndStopAllAppenders();
    root.addAppender(stdout);
  }
}
