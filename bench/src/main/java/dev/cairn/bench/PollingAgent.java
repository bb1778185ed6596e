package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A minimal agent that speaks the real HTTP agent API: registers with the registration token, then
 * long-polls {@code GET /v3/ping?wait=20}; when a ping carries a job it reports the moment the
 * reply arrived, then accepts, starts and finishes the job with exit status 0 (running nothing),
 * and polls again. Run {@link #run} on its own (virtual) thread; interrupt that thread to stop it.
 */
final class PollingAgent {
  /** A job handed over by a ping, and when the ping's reply arrived (wall clock and nanoTime). */
  record Pickup(String jobId, Instant at, long nanos) {}

  private final Api api;
  private final String token;
  private final Consumer<Pickup> onPickup;
  private final Consumer<String> onFinished;

  private PollingAgent(
      Api api, String token, Consumer<Pickup> onPickup, Consumer<String> onFinished) {
    this.api = api;
    this.token = Api.agentToken(token);
    this.onPickup = onPickup;
    this.onFinished = onFinished;
  }

  /** Registers an agent called {@code name} and returns it, not yet polling. */
  static PollingAgent register(
      Api api,
      String registrationToken,
      String name,
      Consumer<Pickup> onPickup,
      Consumer<String> onFinished)
      throws IOException, InterruptedException {
    JsonNode reply =
        api.post(
                "/v3/register",
                Api.agentToken(registrationToken),
                Map.of("name", name, "hostname", "bench", "version", "bench"))
            .ok()
            .json();
    return new PollingAgent(api, reply.get("access_token").asText(), onPickup, onFinished);
  }

  /** Polls until interrupted; any other failure ends the loop with an exception. */
  void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Api.Reply ping = api.get("/v3/ping?wait=20", token).ok();
        Instant at = Instant.now();
        JsonNode job = ping.json().path("job");
        if (job.hasNonNull("id")) {
          String id = job.get("id").asText();
          onPickup.accept(new Pickup(id, at, ping.nanos()));
          runNothing(id);
          onFinished.accept(id);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new IllegalStateException("the agent lost the server", e);
    }
  }

  private void runNothing(String id) throws IOException, InterruptedException {
    String job = "/v3/jobs/" + id;
    api.put(job + "/accept", token, Map.of()).ok();
    api.put(job + "/start", token, Map.of("started_at", Instant.now().toString())).ok();
    api.put(
            job + "/finish",
            token,
            Map.of(
                "exit_status",
                "0",
                "finished_at",
                Instant.now().toString(),
                "chunks_failed_count",
                0))
        .ok();
  }
}
