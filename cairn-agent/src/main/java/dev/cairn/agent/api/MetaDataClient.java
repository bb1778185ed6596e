package dev.cairn.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Build meta-data (spec §4.1): {@code set} through a job, {@code get}, {@code exists} and {@code
 * keys} in job scope ({@code jobs/{id}/data/…}) or build scope ({@code builds/{id}/data/…}). Bound
 * to the job token. One attempt per call. Thread-safe.
 */
public final class MetaDataClient {
  private static final int NOT_FOUND = 404;

  private final ApiTransport transport;
  private final String token;

  public MetaDataClient(ApiTransport transport, String token) {
    this.transport = transport;
    this.token = token;
  }

  /** {@code jobs/<id>} or {@code builds/<id>}: where a read looks. */
  public static String scope(boolean build, String id) {
    return (build ? "builds/" : "jobs/") + ApiTransport.escape(id);
  }

  public void set(String jobId, String key, String value)
      throws AgentApiException, InterruptedException {
    post(scope(false, jobId) + "/data/set", Map.of("key", key, "value", value), Void.class);
  }

  /** The value of {@code key}, empty when the server has none (404). */
  public Optional<String> get(String scope, String key)
      throws AgentApiException, InterruptedException {
    try {
      JsonNode reply = post(scope + "/data/get", Map.of("key", key), JsonNode.class);
      return Optional.of(reply.path("value").asText(""));
    } catch (AgentApiException e) {
      if (e.status().orElse(0) == NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public boolean exists(String scope, String key) throws AgentApiException, InterruptedException {
    return post(scope + "/data/exists", Map.of("key", key), JsonNode.class)
        .path("exists")
        .asBoolean(false);
  }

  public List<String> keys(String scope) throws AgentApiException, InterruptedException {
    JsonNode reply = post(scope + "/data/keys", null, JsonNode.class);
    List<String> keys = new ArrayList<>();
    reply.forEach(k -> keys.add(k.asText()));
    return keys;
  }

  private <T> T post(String path, Object body, Class<T> reply)
      throws AgentApiException, InterruptedException {
    return transport.json("POST", path, token, body, reply, ApiTransport.DEFAULT_TIMEOUT);
  }
}
