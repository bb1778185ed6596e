package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCancelRequested;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.BuildFinished;
import dev.cairn.core.build.BuildEvent.JobAccepted;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobBroken;
import dev.cairn.core.build.BuildEvent.JobCanceled;
import dev.cairn.core.build.BuildEvent.JobCanceling;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildEvent.WaiterResolved;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobEvent;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobTransitions.Transition;
import dev.cairn.core.plan.PlanException;
import dev.cairn.core.plan.StepPlanner;
import dev.cairn.pipeline.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives one build through the real {@link Decider} the way the services do: every command is
 * judged against the current state, and the accepted events are folded and kept as the history.
 * {@link #transitionsOf} replays a history to show which rows of the job transition table it used.
 * The clock ticks one second per command.
 */
final class BuildDriver {
  static final String AGENT = "agent-1";

  private final Decider decider = new Decider();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final List<BuildEvent> history = new ArrayList<>();
  private BuildState state;

  private BuildDriver(BuildCreated created) {
    history.add(created);
    state = BuildState.start(created);
  }

  /** Creates a build and adds the planned jobs of {@code pipeline}, as a new build does. */
  static BuildDriver start(Pipeline pipeline) {
    int[] next = {0};
    List<JobSpec> jobs;
    try {
      jobs = new StepPlanner(() -> "id-" + ++next[0]).plan(pipeline);
    } catch (PlanException e) {
      throw new AssertionError(e);
    }
    BuildDriver driver =
        new BuildDriver(
            new BuildCreated(
                "build-1",
                "default",
                new PipelineRef("pipeline-1", "demo", "Demo", "git@example.com:demo.git", "main"),
                1,
                "main",
                "0123abcd",
                "a test build",
                Map.of(),
                "api",
                Instant.parse("2026-03-01T10:00:00Z")));
    driver.require(new Command.AddJobs(jobs));
    return driver;
  }

  /** Judges {@code command} and, when accepted, applies its events. */
  Decision send(Command command) {
    clock.advance(Duration.ofSeconds(1));
    Decision decision = decider.decide(state, command, clock.instant());
    if (decision instanceof Decision.Accepted accepted) {
      accepted.events().forEach(this::apply);
      SettledCheck.assertSettledAndIndexed(state, clock.instant());
    }
    return decision;
  }

  /** Like {@link #send} but fails the test when the command is rejected. */
  List<BuildEvent> require(Command command) {
    return switch (send(command)) {
      case Decision.Accepted a -> a.events();
      case Decision.Rejected r ->
          throw new AssertionError(command + " was rejected: " + r.reason());
    };
  }

  private void apply(BuildEvent event) {
    state = state.apply(event);
    history.add(event);
  }

  /**
   * Folds {@code history} from scratch and lists, for each event that moves a job, the job's state
   * before, the table's name for the event, and the job's state after.
   */
  static List<Transition> transitionsOf(List<BuildEvent> history) {
    List<Transition> transitions = new ArrayList<>();
    BuildState state = BuildState.start((BuildCreated) history.getFirst());
    for (BuildEvent event : history.subList(1, history.size())) {
      BuildState before = state;
      state = state.apply(event);
      Optional<JobStep> step = jobStep(event);
      if (step.isPresent()) {
        String jobId = step.get().jobId();
        transitions.add(
            new Transition(
                before.jobs().get(jobId).state(),
                step.get().event(),
                state.jobs().get(jobId).state()));
      }
    }
    return transitions;
  }

  /** Which job an event moves, and how the transition table names the move. */
  record JobStep(String jobId, JobEvent event) {}

  static Optional<JobStep> jobStep(BuildEvent event) {
    return Optional.ofNullable(
        switch (event) {
          case JobScheduled e -> new JobStep(e.jobId(), JobEvent.SCHEDULE);
          case JobAssigned e -> new JobStep(e.jobId(), JobEvent.ASSIGN);
          case JobAccepted e -> new JobStep(e.jobId(), JobEvent.ACCEPT);
          case JobStarted e -> new JobStep(e.jobId(), JobEvent.START);
          case JobFinished e -> new JobStep(e.jobId(), finishEvent(e));
          case WaiterResolved e ->
              new JobStep(e.jobId(), e.passed() ? JobEvent.WAITER_PASSED : JobEvent.WAITER_FAILED);
          case JobBroken e -> new JobStep(e.jobId(), JobEvent.BREAK);
          case JobCanceling e -> new JobStep(e.jobId(), JobEvent.REQUEST_CANCEL);
          case JobCanceled e -> new JobStep(e.jobId(), JobEvent.CANCEL);
          case BuildEvent.JobTimingOut e -> new JobStep(e.jobId(), JobEvent.TIME_OUT);
          case BuildEvent.JobExpired e -> new JobStep(e.jobId(), JobEvent.EXPIRE);
          case BuildEvent.JobLost e -> new JobStep(e.jobId(), JobEvent.LOSE);
          case BuildEvent.JobReleased e -> new JobStep(e.jobId(), JobEvent.RELEASE);
          case BuildEvent.JobReset e -> new JobStep(e.jobId(), JobEvent.RESET);
          case BuildEvent.JobRetried e -> null;
          case BuildEvent.JobBlocked e -> new JobStep(e.jobId(), JobEvent.BLOCK);
          case BuildEvent.JobUnblocked e -> new JobStep(e.jobId(), JobEvent.UNBLOCK);
          case BuildEvent.JobSkipped e -> new JobStep(e.jobId(), JobEvent.SKIP);
          // An async trigger job takes two rows at once (trigger, then pass): not one step.
          case BuildEvent.TriggeredBuildCreated e ->
              e.async() ? null : new JobStep(e.jobId(), JobEvent.TRIGGER);
          case BuildEvent.TriggeredBuildFinished e ->
              new JobStep(
                  e.jobId(),
                  e.result() == dev.cairn.core.build.BuildStatus.PASSED
                      ? JobEvent.FINISH_PASSED
                      : JobEvent.FINISH_FAILED);
          case BuildEvent.TriggerFailed e -> new JobStep(e.jobId(), JobEvent.TRIGGER_FAILED);
          case BuildCreated e -> null;
          case JobsAdded e -> null;
          case BuildEvent.DependenciesAdded e -> null;
          case BuildCancelRequested e -> null;
          case BuildFinished e -> null;
        });
  }

  private static JobEvent finishEvent(JobFinished e) {
    if ("cancel".equals(e.signalReason())) {
      return JobEvent.FINISH_CANCELED;
    }
    return e.exitStatus() == 0 ? JobEvent.FINISH_PASSED : JobEvent.FINISH_FAILED;
  }

  // Agent-side conveniences, by step key.

  void assign(String key) {
    require(new Command.AssignJob(id(key), AGENT, AGENT));
  }

  void accept(String key) {
    require(new Command.AcceptJob(id(key), AGENT, "hash-of-" + key));
  }

  void startJob(String key) {
    require(new Command.StartJob(id(key)));
  }

  void finish(String key, int exitStatus) {
    require(new Command.FinishJob(id(key), exitStatus, null, null));
  }

  /** Assigns, accepts, starts and finishes the job of step {@code key}. */
  void run(String key, int exitStatus) {
    assign(key);
    accept(key);
    startJob(key);
    finish(key, exitStatus);
  }

  /** The job id of the step with {@code key}. */
  String id(String key) {
    return job(key).id();
  }

  Job job(String key) {
    return state.jobList().stream()
        .filter(j -> j.spec().stepKey().equals(Optional.of(key)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step with key " + key));
  }

  JobState stateOf(String key) {
    return job(key).state();
  }

  /** Step keys of the jobs in {@code jobState}, in upload order. */
  List<String> keysIn(JobState jobState) {
    return state.jobsIn(jobState).stream().map(j -> j.spec().stepKey().orElseThrow()).toList();
  }

  BuildState state() {
    return state;
  }

  List<BuildEvent> history() {
    return List.copyOf(history);
  }
}
