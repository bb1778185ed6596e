package dev.cairn.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smaller job-scoped calls of the in-job commands (spec §4.3–4.7): pipeline upload,
 * annotations, OIDC tokens, secrets and step attributes. Each is one request with a JSON body; they
 * share this class because each is a line or two. Bound to the job token. One attempt per call.
 * Thread-safe.
 */
public final class JobResourcesClient {
  private final ApiTransport transport;
  private final String token;

  public JobResourcesClient(ApiTransport transport, String token) {
    this.transport = transport;
    this.token = token;
  }

  /** {@code POST jobs/{id}/pipelines}; the upload's {@code uuid} makes a retry harmless. */
  public void uploadPipeline(
      String jobId, String uuid, Map<String, Object> pipeline, boolean replace)
      throws AgentApiException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("uuid", uuid);
    body.put("pipeline", pipeline);
    body.put("replace", replace);
    call("POST", job(jobId) + "/pipelines", body, Void.class);
  }

  /** The body of {@code POST jobs/{id}/annotations}. */
  public record Annotation(
      String body, String context, String style, boolean append, Integer priority, String scope) {}

  public void annotate(String jobId, Annotation annotation)
      throws AgentApiException, InterruptedException {
    call("POST", job(jobId) + "/annotations", annotation, Void.class);
  }

  public void removeAnnotation(String jobId, String context, String scope)
      throws AgentApiException, InterruptedException {
    String path =
        job(jobId) + "/annotations/" + ApiTransport.escape(context) + "?scope=" + query(scope);
    call("DELETE", path, null, Void.class);
  }

  /** The body of {@code POST jobs/{id}/oidc/tokens}; null fields are left out. */
  public record OidcRequest(
      String audience, Long lifetime, List<String> claims, String subjectClaim) {}

  public String oidcToken(String jobId, OidcRequest request)
      throws AgentApiException, InterruptedException {
    return call("POST", job(jobId) + "/oidc/tokens", request, JsonNode.class)
        .path("token")
        .asText("");
  }

  public String secret(String jobId, String key) throws AgentApiException, InterruptedException {
    return call("GET", job(jobId) + "/secrets?key=" + query(key), null, JsonNode.class)
        .path("value")
        .asText("");
  }

  /** The body of {@code POST steps/{step}/export}. */
  public record StepExport(String attribute, String buildId, String format) {}

  public String exportStep(String step, StepExport export)
      throws AgentApiException, InterruptedException {
    return call("POST", "steps/" + ApiTransport.escape(step) + "/export", export, JsonNode.class)
        .path("output")
        .asText("");
  }

  /** The body of {@code PUT steps/{step}}. */
  public record StepUpdate(
      String idempotencyUuid, String buildId, String attribute, String value, boolean append) {}

  public void updateStep(String step, StepUpdate update)
      throws AgentApiException, InterruptedException {
    call("PUT", "steps/" + ApiTransport.escape(step), update, Void.class);
  }

  private <T> T call(String method, String path, Object body, Class<T> reply)
      throws AgentApiException, InterruptedException {
    return transport.json(method, path, token, body, reply, ApiTransport.DEFAULT_TIMEOUT);
  }

  private static String job(String jobId) {
    return "jobs/" + ApiTransport.escape(jobId);
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
