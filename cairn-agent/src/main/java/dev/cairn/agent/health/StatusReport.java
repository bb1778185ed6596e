package dev.cairn.agent.health;

import dev.cairn.agent.worker.WorkerStatus;
import java.util.List;

/**
 * The body of {@code /status.json}, shaped as the official agent's ({@code agent/agent_pool.go}):
 * {@code {"health":"ok","aggregate_status":"idle"|"busy","workers":[{"status":…,
 * "current_job_id":…,"id":…,"spawn_index":…}]}}. The aggregate is busy when any worker is; {@code
 * current_job_id} is left out while a worker is idle; {@code id} is the agent id the server gave
 * the worker, empty until it has registered (the official agent's workers exist only after
 * registration). Serialized with the snake_case mapper of {@code cairn-protocol}. Immutable.
 */
record StatusReport(String health, String aggregateStatus, List<Worker> workers) {
  static final String IDLE = "idle";
  static final String BUSY = "busy";

  /** One worker's entry. */
  record Worker(String status, String currentJobId, String id, int spawnIndex) {}

  static StatusReport of(List<WorkerStatus> statuses) {
    List<Worker> workers =
        statuses.stream()
            .map(s ->
                new Worker(
                    s.busy() ? BUSY : IDLE,
                    s.currentJobId(),
                    s.agentId() == null ? "" : s.agentId(),
                    s.spawnIndex()))
            .toList();
    boolean busy = statuses.stream().anyMatch(WorkerStatus::busy);
    return new StatusReport("ok", busy ? BUSY : IDLE, workers);
  }
}
