package dev.cairn.server.agentapi;

import dev.cairn.core.orchestrate.MetaData;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code buildkite-agent meta-data}: {@code POST jobs/{id}/data/set} and {@code set-batch}, and
 * {@code get}, {@code exists}, {@code keys} in job scope ({@code jobs/{id}/data/...}) or build
 * scope ({@code builds/{id}/data/...}). Meta-data lives on the build either way; a job token
 * reaches only its own build.
 */
final class MetaDataHandler {
  private final MetaData metaData;
  private final JobAccess access;

  MetaDataHandler(MetaData metaData, JobAccess access) {
    this.metaData = metaData;
    this.access = access;
  }

  record Item(String key, String value) {}

  record Batch(List<Item> items) {}

  void set(ServerRequest req, ServerResponse res) {
    access
        .running(req, res)
        .ifPresent(held -> {
          Item item = Replies.body(req, Item.class, new Item(null, null));
          Map<String, String> values = new LinkedHashMap<>();
          values.put(item.key(), item.value());
          reply(res, metaData.set(held.build().id(), values));
        });
  }

  void setBatch(ServerRequest req, ServerResponse res) {
    access
        .running(req, res)
        .ifPresent(held -> {
          Batch batch = Replies.body(req, Batch.class, new Batch(List.of()));
          Map<String, String> values = new LinkedHashMap<>();
          for (Item item : batch.items() == null ? List.<Item>of() : batch.items()) {
            values.put(item.key(), item.value());
          }
          reply(res, metaData.set(held.build().id(), values));
        });
  }

  void getFromJob(ServerRequest req, ServerResponse res) {
    access.running(req, res).ifPresent(held -> get(req, res, held.build().id()));
  }

  void getFromBuild(ServerRequest req, ServerResponse res) {
    buildScope(req, res).ifPresent(held -> get(req, res, held.build().id()));
  }

  void existsInJob(ServerRequest req, ServerResponse res) {
    access.running(req, res).ifPresent(held -> exists(req, res, held.build().id()));
  }

  void existsInBuild(ServerRequest req, ServerResponse res) {
    buildScope(req, res).ifPresent(held -> exists(req, res, held.build().id()));
  }

  void keysOfJob(ServerRequest req, ServerResponse res) {
    access.running(req, res).ifPresent(held -> Replies.ok(res, metaData.keys(held.build().id())));
  }

  void keysOfBuild(ServerRequest req, ServerResponse res) {
    buildScope(req, res).ifPresent(held -> Replies.ok(res, metaData.keys(held.build().id())));
  }

  private Optional<JobAccess.Held> buildScope(ServerRequest req, ServerResponse res) {
    return access.build(req, res, req.path().pathParameters().get("id"));
  }

  private void get(ServerRequest req, ServerResponse res, String buildId) {
    String key = key(req);
    metaData
        .get(buildId, key)
        .ifPresentOrElse(
            value -> Replies.ok(res, new Item(key, value)),
            () -> Replies.error(res, Status.NOT_FOUND_404, "no meta-data with key " + key));
  }

  private void exists(ServerRequest req, ServerResponse res, String buildId) {
    Replies.ok(res, Map.of("exists", metaData.get(buildId, key(req)).isPresent()));
  }

  private static String key(ServerRequest req) {
    Item item = Replies.body(req, Item.class, new Item(null, null));
    if (item.key() == null || item.key().isBlank()) {
      throw new BadRequestException("meta-data calls need a key");
    }
    return item.key();
  }

  private static void reply(ServerResponse res, Result<Integer> result) {
    switch (result) {
      case Result.Done<Integer> d -> Replies.ok(res, Map.of());
      case Result.NotFound<Integer> n -> Replies.error(res, Status.NOT_FOUND_404, "no such build");
      case Result.Refused<Integer> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }
}
