package dev.cairn.store.jdbc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as fixed-width UTC text (nanosecond precision), so that comparing and sorting the text
 * in SQL is comparing the instants. {@link Instant#toString()} is not fit for that: it drops zero
 * fractions, and {@code ...:00Z} sorts after {@code ...:00.5Z}.
 */
final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  static String format(Instant at) {
    return FORMAT.format(at);
  }
}
