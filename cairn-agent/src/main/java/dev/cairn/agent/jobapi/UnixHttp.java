package dev.cairn.agent.jobapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The subset of HTTP/1.1 the job API needs, on both ends of a Unix domain socket: one request per
 * connection, bodies sized by {@code Content-Length} (or, from a server, read to the end), {@code
 * Connection: close}. Messages are bounded ({@value #MAX_HEAD} bytes of head, {@value #MAX_BODY} of
 * body) so a misbehaving peer cannot exhaust memory. The JDK has no HTTP server or client for Unix
 * sockets, and these few lines are simpler than adapting one.
 */
public final class UnixHttp {
  static final int MAX_HEAD = 16 * 1024;
  static final int MAX_BODY = 4 * 1024 * 1024;

  private UnixHttp() {}

  /** A request: method, path (with query), headers (names in lower case) and body. */
  public record Request(String method, String path, Map<String, String> headers, String body) {}

  /** A response: status and body (always JSON here). */
  public record Response(int status, String body) {}

  static Request readRequest(InputStream in) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", 3);
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x request line: " + lines[0]);
    }
    Map<String, String> headers = headers(lines);
    return new Request(requestLine[0], requestLine[1], headers, readBody(in, headers, false));
  }

  static void writeRequest(OutputStream out, Request request) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
    head.append("Host: job-api\r\nConnection: close\r\n");
    request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  static Response readResponse(InputStream in) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n", -1);
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + lines[0]);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status " + statusLine[1], e);
    }
    return new Response(status, readBody(in, headers(lines), true));
  }

  static void writeResponse(OutputStream out, Response response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + response.status()
            + " "
            + reason(response.status())
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the middle of an HTTP head");
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
      }
      if ((b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1)) {
        matched++;
      } else {
        matched = b == '\r' ? 1 : 0;
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private static Map<String, String> headers(String[] lines) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad HTTP header line: " + lines[i]);
      }
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    return headers;
  }

  private static String readBody(InputStream in, Map<String, String> headers, boolean toEnd)
      throws IOException {
    if (headers.containsKey("transfer-encoding")) {
      throw new IOException("chunked bodies are not supported; send Content-Length");
    }
    String length = headers.get("content-length");
    if (length == null) {
      return toEnd ? new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8) : "";
    }
    int size;
    try {
      size = Integer.parseInt(length);
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length " + length, e);
    }
    if (size < 0 || size > MAX_BODY) {
      throw new IOException("body of " + size + " bytes is over the " + MAX_BODY + " limit");
    }
    byte[] body = in.readNBytes(size);
    if (body.length < size) {
      throw new IOException("connection closed in the middle of an HTTP body");
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 422 -> "Unprocessable Entity";
      default -> "Error";
    };
  }
}
