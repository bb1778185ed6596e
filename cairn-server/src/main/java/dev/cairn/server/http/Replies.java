package dev.cairn.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.protocol.ErrorMessage;
import dev.cairn.protocol.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;

/**
 * Reading and writing JSON bodies the same way everywhere: snake_case, and errors as {@code
 * {"message": ...}}, which both the official agent and Buildkite API clients read.
 */
public final class Replies {
  private static final ObjectMapper MAPPER = Json.mapper();

  private Replies() {}

  public static void json(ServerResponse res, Status status, Object body) {
    try {
      byte[] bytes = MAPPER.writeValueAsBytes(body);
      res.status(status);
      res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
      res.send(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode reply " + body.getClass().getSimpleName(), e);
    }
  }

  public static void ok(ServerResponse res, Object body) {
    json(res, Status.OK_200, body);
  }

  public static void error(ServerResponse res, Status status, String message) {
    json(res, status, new ErrorMessage(message));
  }

  /**
   * Reads the request body as {@code type}; an empty body reads as {@code fallback}.
   *
   * @throws BadRequestException when the body is not valid JSON for {@code type}
   */
  public static <T> T body(ServerRequest req, Class<T> type, T fallback) {
    byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
    if (bytes.length == 0) {
      return fallback;
    }
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new BadRequestException("the request body is not valid JSON: " + e.getMessage());
    }
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
