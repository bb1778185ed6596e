package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The agent's JSON log lines carry the official agent's fields ({@code logger/log.go}): {@code ts}
 * in RFC 3339 to the second in the host's zone, {@code level} in upper case, {@code msg}, then the
 * event's context as strings; each is one line of valid JSON, whatever the message holds.
 */
final class JsonLogEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2025-03-04T05:06:07.890Z");
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
    LoggingEvent event =
        new LoggingEvent(
            "test", context.getLogger("dev.cairn.agent.Agent"), level, message, thrown, args);
    event.setTimeStamp(AT.toEpochMilli());
    return event;
  }

  private static String line(JsonLogEncoder encoder, LoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void theOfficialFieldsInTheirOrderOnOneLine() throws Exception {
    String line =
        line(
            new JsonLogEncoder(ZoneOffset.UTC),
            event(Level.INFO, "registered as {}", null, "agent-1"));

    assertThat(line)
        .isEqualTo(
            "{\"ts\":\"2025-03-04T05:06:07Z\",\"level\":\"INFO\",\"msg\":\"registered as"
                + " agent-1\"}\n");
  }

  @Test
  void theTimeIsInTheHostsZoneWithItsOffset() throws Exception {
    String line = line(new JsonLogEncoder(ZoneId.of("Europe/Paris")), event(Level.WARN, "x", null));

    assertThat(JSON.readTree(line).path("ts").asText()).isEqualTo("2025-03-04T06:06:07+01:00");
  }

  @Test
  void levelsAreUpperCaseAndTraceIsDebug() throws Exception {
    JsonLogEncoder encoder = new JsonLogEncoder(ZoneOffset.UTC);
    Map<Level, String> expected =
        Map.of(
            Level.TRACE, "DEBUG",
            Level.DEBUG, "DEBUG",
            Level.INFO, "INFO",
            Level.WARN, "WARN",
            Level.ERROR, "ERROR");
    for (Map.Entry<Level, String> level : expected.entrySet()) {
      JsonNode json = JSON.readTree(line(encoder, event(level.getKey(), "m", null)));
      assertThat(json.path("level").asText()).as("%s", level.getKey()).isEqualTo(level.getValue());
    }
  }

  @Test
  void anyMessageStaysOneLineOfValidJson() throws Exception {
    String message = "quote \" backslash \\ newline\n tab\t bell\u0007 snowman \u2603";
    String line = line(new JsonLogEncoder(ZoneOffset.UTC), event(Level.ERROR, message, null));

    assertThat(line.strip()).doesNotContain("\n");
    assertThat(JSON.readTree(line).path("msg").asText()).isEqualTo(message);
  }

  @Test
  void contextAndExceptionsBecomeStringFields() throws Exception {
    LoggingEvent event =
        event(Level.ERROR, "the job failed", new IllegalStateException("disk full"));
    event.setMDCPropertyMap(Map.of("agent", "ci-1"));
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("jobID", "job-7"));

    JsonNode json = JSON.readTree(line(new JsonLogEncoder(ZoneOffset.UTC), event));

    assertThat(json.path("agent").asText()).isEqualTo("ci-1");
    assertThat(json.path("jobID").asText()).isEqualTo("job-7");
    assertThat(json.path("error").asText())
        .startsWith("java.lang.IllegalStateException: disk full")
        .contains("at dev.cairn.cli.JsonLogEncoderTest");
  }
}
