package dev.cairn.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming reader of {@code multipart/form-data} bodies, as agents send artifact uploads (the
 * S3-style form POST: text fields first, the file last). Text fields are read into memory (small,
 * bounded); a file part is handed over as a stream that ends at the next boundary, so uploads of
 * any size pass through without being buffered. Helidon's multipart module is not available here,
 * hence this small reader. Not thread-safe; one instance per request.
 */
public final class MultipartForm {
  private static final int MAX_FIELD_BYTES = 64 * 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean eof;
  private boolean finished;

  private MultipartForm(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.buffer = new byte[64 * 1024 + delimiter.length];
    // The body opens with "--boundary" without the CRLF before it: pretend it was there.
    buffer[0] = '\r';
    buffer[1] = '\n';
    limit = 2;
  }

  /** A reader for the body, or empty when the content type is not multipart with a boundary. */
  public static Optional<MultipartForm> of(String contentType, InputStream body) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return Optional.empty();
    }
    for (String parameter : contentType.split(";", -1)) {
      String p = parameter.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String boundary = p.substring("boundary=".length()).replace("\"", "");
        return boundary.isEmpty()
            ? Optional.empty()
            : Optional.of(new MultipartForm(body, boundary));
      }
    }
    return Optional.empty();
  }

  /** One part: its form name, its file name if it is a file, and its content (read it once). */
  public record Part(String name, Optional<String> fileName, InputStream content) {
    /** The content as text, for small fields. */
    public String text() throws IOException {
      byte[] bytes = content.readNBytes(MAX_FIELD_BYTES + 1);
      if (bytes.length > MAX_FIELD_BYTES) {
        throw new BadRequestException("form field " + name + " is too large");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The next part, or empty after the last; the previous part's content is skipped if unread. */
  public Optional<Part> next() throws IOException {
    if (finished) {
      return Optional.empty();
    }
    new PartStream().transferTo(OutputStream.nullOutputStream()); // Skip to the delimiter.
    position += delimiter.length;
    fill(2);
    if (limit - position >= 2 && buffer[position] == '-' && buffer[position + 1] == '-') {
      finished = true;
      return Optional.empty();
    }
    Map<String, String> headers = headers();
    String disposition = headers.getOrDefault("content-disposition", "");
    String name = parameter(disposition, "name");
    if (name == null) {
      throw new BadRequestException("a form part has no name");
    }
    return Optional.of(
        new Part(name, Optional.ofNullable(parameter(disposition, "filename")), new PartStream()));
  }

  /** Reads the part's header lines, after the CRLF that ends the delimiter line. */
  private Map<String, String> headers() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    while (true) {
      fill(1);
      if (limit == position) {
        throw new BadRequestException("the form ends inside a part's headers");
      }
      raw.write(buffer[position++]);
      byte[] bytes = raw.toByteArray();
      int n = bytes.length;
      if (n >= 4
          && bytes[n - 4] == '\r'
          && bytes[n - 3] == '\n'
          && bytes[n - 2] == '\r'
          && bytes[n - 1] == '\n') {
        break;
      }
      if (n > MAX_HEADER_BYTES) {
        throw new BadRequestException("a form part's headers are too large");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : raw.toString(StandardCharsets.UTF_8).split("\r\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static String parameter(String header, String name) {
    for (String piece : header.split(";", -1)) {
      String p = piece.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
        String value = p.substring(name.length() + 1);
        return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
            ? value.substring(1, value.length() - 1)
            : value;
      }
    }
    return null;
  }

  /** Makes at least {@code wanted} bytes available from {@code position}, unless the body ends. */
  private void fill(int wanted) throws IOException {
    if (limit - position >= wanted || eof) {
      return;
    }
    System.arraycopy(buffer, position, buffer, 0, limit - position);
    limit -= position;
    position = 0;
    while (limit < wanted && !eof) {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }

  /** The index of the delimiter in the buffered bytes, or -1. */
  private int delimiterAt() {
    outer:
    for (int i = position; i <= limit - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buffer[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The bytes of the current part, ending just before the next delimiter. */
  private final class PartStream extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      if (done || length == 0) {
        return done ? -1 : 0;
      }
      fill(delimiter.length);
      int at = delimiterAt();
      int available;
      if (at >= 0) {
        available = at - position;
      } else if (eof) {
        throw new BadRequestException("the form ends without its closing boundary");
      } else {
        available = limit - position - (delimiter.length - 1);
      }
      if (available <= 0) {
        done = true; // The delimiter is next.
        return -1;
      }
      int n = Math.min(available, length);
      System.arraycopy(buffer, position, target, offset, n);
      position += n;
      return n;
    }
  }
}
