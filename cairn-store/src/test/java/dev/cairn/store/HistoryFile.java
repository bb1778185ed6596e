package dev.cairn.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.store.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded build history of the corpus under {@code src/test/resources/histories/}, as JSON
 * lines. The first line says what the build is ({@code scenario}, {@code about}, the {@code
 * pipeline} it ran) and what the engine made of it when it was recorded ({@code expected}: the
 * build's state and each job's state, exit status, attempt and retry); every further line is one
 * stored event exactly as the store keeps it in {@code build_events}: {@code seq}, {@code type} and
 * the {@link EventCodec} JSON as {@code payload}.
 */
record HistoryFile(
    String scenario, String about, String pipeline, JsonNode expected, List<BuildEvent> events) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventCodec CODEC = new EventCodec();

  /**
   * What the corpus pins of a build: its state, and for each job in upload order its id, step key,
   * type, state, exit status, attempt number and the job that retried it. The recorder computes it
   * from the state the store loaded; the test from the fold of the stored events.
   */
  static ObjectNode projection(BuildState build) {
    ObjectNode node = JSON.createObjectNode();
    node.put("state", build.status().apiName());
    node.put("blocked", build.isBlocked());
    ArrayNode jobs = node.putArray("jobs");
    for (Job job : build.jobList()) {
      ObjectNode j = jobs.addObject();
      j.put("id", job.id());
      j.put("step_key", job.spec().stepKey().orElse(null));
      j.put("type", job.spec().type().name().toLowerCase(java.util.Locale.ROOT));
      j.put("state", job.state().apiName());
      if (job.exitStatus().isPresent()) {
        j.put("exit_status", job.exitStatus().get());
      } else {
        j.putNull("exit_status");
      }
      j.put("soft_failed", job.softFailed());
      j.put("attempt", job.spec().attempt().number());
      j.put("retried_by", job.retriedBy().orElse(null));
    }
    return node;
  }

  void write(Path file) {
    StringBuilder out = new StringBuilder();
    ObjectNode header = JSON.createObjectNode();
    header.put("scenario", scenario);
    header.put("about", about);
    header.put("pipeline", pipeline);
    header.set("expected", expected);
    out.append(header).append('\n');
    long seq = 0;
    for (BuildEvent event : events) {
      ObjectNode line = JSON.createObjectNode();
      line.put("seq", ++seq);
      line.put("type", CODEC.typeOf(event));
      try {
        line.set("payload", JSON.readTree(CODEC.write(event)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.append(line).append('\n');
    }
    try {
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static HistoryFile read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      JsonNode header = JSON.readTree(lines.getFirst());
      List<BuildEvent> events = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        JsonNode line = JSON.readTree(lines.get(i));
        if (line.path("seq").asLong() != i) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": expected seq " + i);
        }
        events.add(CODEC.readEvent(line.path("type").asText(), line.path("payload").toString()));
      }
      return new HistoryFile(
          header.path("scenario").asText(),
          header.path("about").asText(),
          header.path("pipeline").asText(),
          header.path("expected"),
          events);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
