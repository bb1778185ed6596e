package dev.cairn.agent.worker;

import dev.cairn.agent.job.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of one spawned worker. {@code name} has {@code %spawn} already substituted; the
 * server expands {@code %hostname}. {@code registrationToken} is a secret: {@link #toString()}
 * masks it.
 */
public record WorkerSettings(
    String name,
    String registrationToken,
    List<String> tags,
    Path buildPath,
    boolean longPoll,
    Duration signalGracePeriod,
    String hostname,
    Map<String, String> processEnv,
    JobSettings jobs) {

  public WorkerSettings {
    tags = List.copyOf(tags);
    processEnv = Map.copyOf(processEnv);
  }

  @Override
  public String toString() {
    return "WorkerSettings[name=%s, registrationToken=***, tags=%s, buildPath=%s, longPoll=%s]"
        .formatted(name, tags, buildPath, longPoll);
  }
}
