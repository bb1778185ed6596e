package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.DependenciesAdded;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command.AddJobs;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adding jobs to a build. For a {@code pipeline upload} the new steps go right after the uploading
 * job: they do not wait for it, and every job that waits for the uploader (the {@code wait} below
 * it, or a step that {@code depends_on} it) now waits for all the uploaded jobs too, with the same
 * {@code allow_failure}. Because later uploads by uploaded jobs extend the same dependents, this
 * holds recursively.
 */
final class Upload {
  private Upload() {}

  static Decision decide(BuildState state, AddJobs command, Instant now) {
    if (command.uploadId().isPresent() && state.uploads().contains(command.uploadId().get())) {
      return new Decision.Accepted(List.of()); // A retried upload, already applied.
    }
    Optional<String> problem = problem(state, command);
    if (problem.isPresent()) {
      return new Decision.Rejected(problem.get());
    }
    List<BuildEvent> events = new ArrayList<>();
    events.add(new JobsAdded(command.jobs(), command.uploadedBy(), command.uploadId(), now));
    command
        .uploadedBy()
        .ifPresent(uploader -> extendDependents(state, uploader, command, events, now));
    return new Decision.Accepted(events);
  }

  private static void extendDependents(
      BuildState state, String uploader, AddJobs command, List<BuildEvent> events, Instant now) {
    for (Job job : state.inUploadOrder(state.dependentsOf(uploader))) {
      if (job.state() != JobState.WAITING) {
        continue;
      }
      for (JobDependency dep : job.spec().dependsOn()) {
        if (dep.jobId().equals(uploader)) {
          List<JobDependency> added =
              command.jobs().stream()
                  .map(j -> new JobDependency(j.id(), dep.allowFailure()))
                  .toList();
          if (!added.isEmpty()) {
            events.add(new DependenciesAdded(job.id(), added, now));
          }
        }
      }
    }
  }

  private static Optional<String> problem(BuildState state, AddJobs command) {
    if (command.uploadedBy().isPresent()) {
      Optional<Job> uploader = state.job(command.uploadedBy().get());
      if (uploader.isEmpty()) {
        return Optional.of("build " + state.id() + " has no job " + command.uploadedBy().get());
      }
      JobState s = uploader.get().state();
      if (s != JobState.RUNNING && s != JobState.ACCEPTED) {
        return Optional.of(
            "job "
                + uploader.get().id()
                + " is "
                + s.apiName()
                + "; only a running job can upload");
      }
      // Every upload carries an id (Builds.upload makes one when the agent sent none), so the
      // build's upload ids count them; the build's first steps are not an upload.
      if (state.uploads().size() >= command.uploadLimit()) {
        return Optional.of(
            "build "
                + state.id()
                + " already has "
                + state.uploads().size()
                + " pipeline uploads, the limit per build is "
                + command.uploadLimit()
                + " (server option --max-pipeline-uploads); upload more steps at once instead of"
                + " one upload per step");
      }
    }
    // A key names one step; the jobs of one step (matrix, parallelism) share it.
    Map<String, String> stepOfKey = new HashMap<>();
    state
        .jobList()
        .forEach(j -> j.spec().stepKey().ifPresent(k -> stepOfKey.put(k, j.spec().stepId())));
    Set<String> existingKeys = new HashSet<>(stepOfKey.keySet());
    Set<String> ids = new HashSet<>(state.jobs().keySet());
    for (JobSpec job : command.jobs()) {
      if (!ids.add(job.id())) {
        return Optional.of("job id " + job.id() + " is already in the build");
      }
      if (job.stepKey().isPresent()) {
        String key = job.stepKey().get();
        String step = stepOfKey.putIfAbsent(key, job.stepId());
        if (existingKeys.contains(key) || (step != null && !step.equals(job.stepId()))) {
          return Optional.of("the key \"" + key + "\" is already used in this build");
        }
      }
    }
    for (JobSpec job : command.jobs()) {
      for (JobDependency dep : job.dependsOn()) {
        if (!ids.contains(dep.jobId())) {
          return Optional.of("job " + job.id() + " depends on unknown job " + dep.jobId());
        }
      }
    }
    return Optional.empty();
  }
}
