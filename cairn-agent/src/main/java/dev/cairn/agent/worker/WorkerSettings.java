package dev.cairn.agent.worker;

import dev.cairn.agent.job.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of one spawned worker. {@code spawn} is its 1-based number; {@code name} has {@code
 * %spawn} already substituted; the server expands {@code %hostname}. {@code registrationToken} is a
 * secret: {@link #toString()} masks it. {@code priority} is sent as is (null: none); {@code
 * acquireJob}, when not null, is the one job this worker acquires and runs before it disconnects;
 * {@code disconnectAfterJob} ends the worker after its first job; {@code features} are reported at
 * registration; {@code disconnectAfterUptime}, when positive, is how long after it starts the
 * worker stops taking jobs and disconnects at its next idle point.
 */
public record WorkerSettings(
    int spawn,
    String name,
    String registrationToken,
    List<String> tags,
    Path buildPath,
    boolean longPoll,
    Duration signalGracePeriod,
    String hostname,
    Map<String, String> processEnv,
    JobSettings jobs,
    String priority,
    String acquireJob,
    boolean disconnectAfterJob,
    List<String> features,
    Duration disconnectAfterUptime) {

  public WorkerSettings {
    tags = List.copyOf(tags);
    features = List.copyOf(features);
    processEnv = Map.copyOf(processEnv);
  }

  @Override
  public String toString() {
    return "WorkerSettings[name=%s, registrationToken=***, tags=%s, buildPath=%s, longPoll=%s]"
        .formatted(name, tags, buildPath, longPoll);
  }
}
