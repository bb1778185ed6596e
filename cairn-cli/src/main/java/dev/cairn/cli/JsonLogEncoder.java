package dev.cairn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One log event as one line of JSON, with the fields of the official agent's JSON printer ({@code
 * logger/log.go}, {@code JSONPrinter}): {@code ts} (RFC 3339 to the second, in the host's time
 * zone, as Go's {@code time.Now().Format(time.RFC3339)}), {@code level} (upper case: {@code DEBUG},
 * {@code INFO}, {@code WARN}, {@code ERROR}; Logback's TRACE is written as DEBUG, the official
 * agent having no lower level), {@code msg}, then the event's context as string fields: its MDC
 * entries, its SLF4J key-value pairs and, for an exception, {@code error} with its stack trace.
 * Strings are escaped by Jackson's {@link JsonStringEncoder}, which the agent loads anyway for the
 * agent API. Thread-safe: it keeps no state but its time zone.
 */
final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter RFC_3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private final ZoneId zone;

  JsonLogEncoder(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public byte[] headerBytes() {
    return new byte[0];
  }

  @Override
  public byte[] footerBytes() {
    return new byte[0];
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160).append('{');
    field(line, "ts", RFC_3339.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone)));
    field(line.append(','), "level", level(event.getLevel()));
    field(line.append(','), "msg", event.getFormattedMessage());
    for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
      field(line.append(','), entry.getKey(), entry.getValue());
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        field(line.append(','), pair.key, String.valueOf(pair.value));
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      field(line.append(','), "error", ThrowableProxyUtil.asString(thrown).strip());
    }
    return line.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String level(Level level) {
    return level.toInt() <= Level.DEBUG_INT ? "DEBUG" : level.levelStr;
  }

  private static void field(StringBuilder line, String key, String value) {
    quote(line, key);
    quote(line.append(':'), value == null ? "" : value);
  }

  /** {@code text} as a JSON string: quotes, backslashes and control characters escaped. */
  private static void quote(StringBuilder out, String text) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    out.append('"');
  }
}
