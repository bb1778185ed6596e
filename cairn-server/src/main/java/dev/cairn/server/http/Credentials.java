package dev.cairn.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * The token in an {@code Authorization} header. The agent API uses {@code Token <t>}, the REST API
 * {@code Bearer <t>}; both are accepted everywhere since clients differ.
 */
public final class Credentials {
  private Credentials() {}

  public static Optional<String> token(ServerRequest req) {
    return req.headers()
        .first(HeaderNames.AUTHORIZATION)
        .map(String::trim)
        .flatMap(value -> {
          int space = value.indexOf(' ');
          if (space < 0) {
            return Optional.empty();
          }
          String scheme = value.substring(0, space);
          String token = value.substring(space + 1).trim();
          boolean known = scheme.equalsIgnoreCase("token") || scheme.equalsIgnoreCase("bearer");
          return known && !token.isEmpty() ? Optional.of(token) : Optional.empty();
        });
  }
}
