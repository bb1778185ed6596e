package dev.cairn.core.explain;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCancelRequested;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.BuildFinished;
import dev.cairn.core.build.BuildEvent.DependenciesAdded;
import dev.cairn.core.build.BuildEvent.JobAccepted;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobBlocked;
import dev.cairn.core.build.BuildEvent.JobBroken;
import dev.cairn.core.build.BuildEvent.JobCanceled;
import dev.cairn.core.build.BuildEvent.JobCanceling;
import dev.cairn.core.build.BuildEvent.JobExpired;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobLost;
import dev.cairn.core.build.BuildEvent.JobReleased;
import dev.cairn.core.build.BuildEvent.JobReset;
import dev.cairn.core.build.BuildEvent.JobRetried;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildEvent.JobSkipped;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobTimingOut;
import dev.cairn.core.build.BuildEvent.JobUnblocked;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildEvent.TriggerFailed;
import dev.cairn.core.build.BuildEvent.TriggeredBuildCreated;
import dev.cairn.core.build.BuildEvent.TriggeredBuildFinished;
import dev.cairn.core.build.BuildEvent.WaiterResolved;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a build's history into lines a person can read: every event in order, each saying what
 * happened and, where the history knows it, why (the dependencies that let a job be scheduled, the
 * failure that broke it, the rule that retried it). The history is replayed as it is explained, so
 * each reason is read off the state at that moment.
 */
public final class BuildExplainer {
  private BuildExplainer() {}

  /** The whole build, or only the lines about {@code jobId} (and its retries) when given. */
  public static List<String> explain(List<BuildEvent> history, Optional<String> jobId) {
    List<String> lines = new ArrayList<>();
    BuildState state = null;
    int seq = 0;
    for (BuildEvent event : history) {
      seq++;
      BuildState before = state;
      state = state == null ? BuildState.replay(List.of(event)) : state.apply(event);
      if (jobId.isEmpty() || concerns(event, jobId.get(), state)) {
        lines.add(String.format("%4d %s %s", seq, event.at(), describe(event, before, state)));
      }
    }
    return lines;
  }

  private static boolean concerns(BuildEvent event, String jobId, BuildState state) {
    String subject = subject(event);
    if (subject == null) {
      return event instanceof JobsAdded added
          && added.jobs().stream().anyMatch(j -> j.id().equals(jobId));
    }
    return subject.equals(jobId)
        || state.job(subject).flatMap(j -> j.spec().attempt().retryOf()).equals(Optional.of(jobId));
  }

  private static String subject(BuildEvent event) {
    return switch (event) {
      case JobScheduled e -> e.jobId();
      case JobAssigned e -> e.jobId();
      case JobAccepted e -> e.jobId();
      case JobStarted e -> e.jobId();
      case JobFinished e -> e.jobId();
      case WaiterResolved e -> e.jobId();
      case JobBroken e -> e.jobId();
      case JobCanceling e -> e.jobId();
      case JobCanceled e -> e.jobId();
      case JobTimingOut e -> e.jobId();
      case JobExpired e -> e.jobId();
      case JobLost e -> e.jobId();
      case JobReleased e -> e.jobId();
      case JobRetried e -> e.jobId();
      case JobReset e -> e.jobId();
      case DependenciesAdded e -> e.jobId();
      case JobBlocked e -> e.jobId();
      case JobUnblocked e -> e.jobId();
      case JobSkipped e -> e.jobId();
      case TriggeredBuildCreated e -> e.jobId();
      case TriggeredBuildFinished e -> e.jobId();
      case TriggerFailed e -> e.jobId();
      default -> null;
    };
  }

  private static String describe(BuildEvent event, BuildState before, BuildState after) {
    return switch (event) {
      case BuildCreated e ->
          "build #"
              + e.number()
              + " of "
              + e.organization()
              + "/"
              + e.pipeline().slug()
              + " created ("
              + e.source()
              + ", branch "
              + e.branch()
              + ", commit "
              + e.commit()
              + ")"
              + e.triggeredFrom()
                  .map(t ->
                      " by trigger job "
                          + t.jobId()
                          + " of "
                          + t.pipelineSlug()
                          + " #"
                          + t.buildNumber()
                          + " (trigger depth "
                          + t.depth()
                          + ")")
                  .orElse("");
      case JobsAdded e ->
          e.jobs().size()
              + " job(s) added"
              + e.uploadedBy().map(u -> " by pipeline upload from " + name(before, u)).orElse("")
              + ": "
              + e.jobs().stream().map(BuildExplainer::describe).collect(Collectors.joining("; "));
      case DependenciesAdded e ->
          name(after, e.jobId())
              + " now also waits for "
              + names(after, e.added())
              + " (uploaded by a job it depends on)";
      case JobScheduled e -> name(after, e.jobId()) + " scheduled: " + because(after, e.jobId());
      case JobAssigned e -> name(after, e.jobId()) + " assigned to agent " + e.agentName();
      case JobAccepted e -> name(after, e.jobId()) + " accepted by its agent";
      case JobStarted e -> name(after, e.jobId()) + " started";
      case JobFinished e ->
          name(after, e.jobId())
              + " finished with exit status "
              + e.exitStatus()
              + (e.signal() == null ? "" : ", signal " + e.signal())
              + (e.signalReason() == null ? "" : " (" + e.signalReason() + ")")
              + ": "
              + after
                  .job(e.jobId())
                  .map(j -> j.state().apiName() + (j.softFailed() ? " (soft fail)" : ""))
                  .orElse("");
      case WaiterResolved e ->
          name(after, e.jobId())
              + (e.passed() ? " passed: " : " failed: ")
              + because(after, e.jobId());
      case JobBroken e -> name(after, e.jobId()) + " will not run: " + because(after, e.jobId());
      case JobCanceling e -> name(after, e.jobId()) + " asked to stop (build canceled)";
      case JobCanceled e -> name(after, e.jobId()) + " canceled before it ran";
      case JobTimingOut e ->
          name(after, e.jobId()) + " ran past its timeout; its agent is told to stop";
      case JobExpired e -> name(after, e.jobId()) + " expired: no agent took it in time";
      case JobLost e ->
          name(after, e.jobId()) + " lost: agent " + e.agentId() + " stopped sending heartbeats";
      case JobReleased e ->
          name(after, e.jobId())
              + " scheduled again: agent "
              + e.agentId()
              + " "
              + e.reason()
              + " before accepting it";
      case JobRetried e ->
          name(before, e.jobId())
              + " retried as attempt "
              + e.retry().attempt().number()
              + " ("
              + e.retry().id()
              + ") by "
              + e.by();
      case JobReset e -> name(after, e.jobId()) + " waits again: a failure before it was retried";
      case JobBlocked e ->
          name(after, e.jobId())
              + " blocked: waiting to be unblocked ("
              + because(after, e.jobId())
              + ")";
      case JobUnblocked e ->
          name(after, e.jobId())
              + " unblocked by "
              + e.by()
              + (e.fields().isEmpty() ? "" : " with fields " + e.fields().keySet());
      case JobSkipped e ->
          name(after, e.jobId())
              + " skipped: "
              + (e.reason().isEmpty() ? "its step says skip" : e.reason());
      case TriggeredBuildCreated e ->
          name(after, e.jobId())
              + " triggered build "
              + e.triggered().pipelineSlug()
              + " #"
              + e.triggered().number()
              + " ("
              + e.triggered().buildId()
              + ")"
              + (e.async() ? ": async, so it passed at once" : ": it waits for that build");
      case TriggeredBuildFinished e ->
          name(after, e.jobId())
              + " "
              + after.job(e.jobId()).map(j -> j.state().apiName()).orElse("")
              + ": the build it triggered ("
              + e.buildId()
              + ") "
              + e.result().apiName()
              + after.job(e.jobId()).filter(Job::softFailed).map(j -> " (soft fail)").orElse("");
      case TriggerFailed e ->
          name(after, e.jobId())
              + " failed: "
              + e.reason()
              + after.job(e.jobId()).filter(Job::softFailed).map(j -> " (soft fail)").orElse("");
      case BuildCancelRequested e -> "cancel requested by " + e.by();
      case BuildFinished e -> "build finished: " + e.state().apiName();
    };
  }

  private static String describe(JobSpec spec) {
    String deps =
        spec.dependsOn().isEmpty()
            ? "no dependencies"
            : "depends on "
                + spec.dependsOn().stream()
                    .map(JobDependency::jobId)
                    .collect(Collectors.joining(", "));
    return spec.type().apiName() + " \"" + spec.label() + "\" " + spec.id() + " (" + deps + ")";
  }

  /** The state of each dependency of the job, which is what decided its fate. */
  private static String because(BuildState state, String jobId) {
    Job job = state.job(jobId).orElseThrow();
    if (job.spec().dependsOn().isEmpty()) {
      return "it has no dependencies";
    }
    return job.spec().dependsOn().stream()
        .map(d -> {
          Job dep = state.latest(state.jobs().get(d.jobId()));
          return name(state, dep.id())
              + " is "
              + dep.state().apiName()
              + (dep.softFailed() ? " (soft fail)" : "")
              + (d.allowFailure() ? " (failure allowed)" : "");
        })
        .collect(Collectors.joining(", "));
  }

  private static String names(BuildState state, List<JobDependency> deps) {
    return deps.stream().map(d -> name(state, d.jobId())).collect(Collectors.joining(", "));
  }

  private static String name(BuildState state, String jobId) {
    return state
        .job(jobId)
        .map(j ->
            "\""
                + j.spec().stepKey().orElse(j.spec().label())
                + "\""
                + (j.spec().attempt().number() > 0 ? "#" + j.spec().attempt().number() : ""))
        .orElse(jobId);
  }
}
