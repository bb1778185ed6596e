package dev.cairn.testkit;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCancelRequested;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.JobAccepted;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobExpired;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobLost;
import dev.cairn.core.build.BuildEvent.JobRetried;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobTimingOut;
import dev.cairn.core.build.BuildEvent.JobUnblocked;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildEvent.TriggerFailed;
import dev.cairn.core.build.BuildEvent.TriggeredBuildCreated;
import dev.cairn.core.build.BuildEvent.TriggeredBuildFinished;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decider;
import dev.cairn.core.decide.Decision;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a stored build history two ways and fails with an {@link AssertionError} naming the build
 * and the event when either disagrees with what was stored.
 *
 * <ol>
 *   <li><b>Fold</b>: {@link BuildState#replay} of the history equals the state the store kept.
 *   <li><b>Decide</b>: the history is cut into decisions, each starting at the event that only an
 *       outside fact produces (an agent finished a job, a person unblocked one, a timer fired...).
 *       The command that fact stands for is sent again to the real {@link Decider}, on the state
 *       folded from the events before it and at the event's own time, and must yield exactly the
 *       stored events of that decision: what followed from the fact (jobs scheduled, broken,
 *       retried, the build finished) still follows from it.
 * </ol>
 *
 * <p>Event types this class does not know (added after it was written) are folded but not
 * re-decided: a decision containing one is skipped, so new kinds of events never make old checks
 * fail, while every decision made of known events is still checked.
 */
public final class HistoryReplay {
  /** Events that follow from a decision but never start one: the decider's own consequences. */
  private static final Set<Class<?>> CONSEQUENCES =
      Set.of(
          BuildEvent.DependenciesAdded.class,
          BuildEvent.JobScheduled.class,
          BuildEvent.WaiterResolved.class,
          BuildEvent.JobBroken.class,
          BuildEvent.JobCanceling.class,
          BuildEvent.JobCanceled.class,
          BuildEvent.JobReset.class,
          BuildEvent.JobBlocked.class,
          BuildEvent.JobSkipped.class,
          BuildEvent.BuildFinished.class);

  private HistoryReplay() {}

  /** What a replay checked: how many decisions were decided again, and how many skipped. */
  public record Report(int events, int decisions, int skipped) {}

  /** Checks {@code history} against {@code stored}, the state the store loads for the build. */
  public static Report verify(List<BuildEvent> history, BuildState stored) {
    BuildState folded = fold(history);
    if (!folded.equals(stored)) {
      throw new AssertionError(
          "build %s: replaying its %d events gives%n  %s%nbut the store holds%n  %s"
              .formatted(folded.id(), history.size(), folded, stored));
    }
    return redecide(history);
  }

  /** The fold of {@code history}, with the failing event named if one cannot be applied. */
  public static BuildState fold(List<BuildEvent> history) {
    if (history.isEmpty() || !(history.getFirst() instanceof BuildCreated created)) {
      throw new AssertionError("a build history starts with BuildCreated, got " + history);
    }
    BuildState state = BuildState.start(created);
    for (int i = 1; i < history.size(); i++) {
      try {
        state = state.apply(history.get(i));
      } catch (RuntimeException e) {
        throw new AssertionError(
            "build %s: event %d (%s) cannot be applied: %s"
                .formatted(state.id(), i + 1, history.get(i), e.getMessage()),
            e);
      }
    }
    return state;
  }

  /** Sends every decision's command to the decider again; see the class comment. */
  public static Report redecide(List<BuildEvent> history) {
    Decider decider = new Decider();
    BuildState state = BuildState.start((BuildCreated) history.getFirst());
    int decisions = 0;
    int skipped = 0;
    int at = 1;
    while (at < history.size()) {
      int end = endOfDecision(history, at);
      List<BuildEvent> stored = history.subList(at, end);
      Optional<Command> command = commandOf(stored.getFirst());
      if (command.isEmpty() || !stored.stream().allMatch(HistoryReplay::known)) {
        skipped++;
      } else {
        decisions++;
        Decision decision = decider.decide(state, command.get(), stored.getFirst().at());
        List<BuildEvent> decided =
            decision instanceof Decision.Accepted accepted ? accepted.events() : List.of();
        if (!decided.equals(stored)) {
          throw new AssertionError(
              "build %s: events %d to %d were stored for %s, but the decider now says %s%n"
                      .formatted(state.id(), at + 1, end, command.get(), decision)
                  + "  stored:  "
                  + stored);
        }
      }
      for (BuildEvent event : stored) {
        state = state.apply(event);
      }
      at = end;
    }
    return new Report(history.size(), decisions, skipped);
  }

  /** The index after the last event of the decision that starts at {@code start}. */
  private static int endOfDecision(List<BuildEvent> history, int start) {
    int end = start + 1;
    while (end < history.size() && !startsDecision(history.get(end))) {
      end++;
    }
    return end;
  }

  private static boolean startsDecision(BuildEvent event) {
    return !CONSEQUENCES.contains(event.getClass()) && !isAutomaticRetry(event);
  }

  private static boolean isAutomaticRetry(BuildEvent event) {
    return event instanceof JobRetried retried && "automatic".equals(retried.by());
  }

  private static boolean known(BuildEvent event) {
    return CONSEQUENCES.contains(event.getClass())
        || isAutomaticRetry(event)
        || commandOf(event).isPresent();
  }

  /** The command whose decision begins with {@code event}, for the events only a command makes. */
  private static Optional<Command> commandOf(BuildEvent event) {
    Command command =
        switch (event) {
          case JobsAdded e -> new Command.AddJobs(e.jobs(), e.uploadedBy(), e.uploadId());
          case JobAssigned e -> new Command.AssignJob(e.jobId(), e.agentId(), e.agentName());
          case JobAccepted e -> new Command.AcceptJob(e.jobId(), e.agentId(), e.tokenHash());
          case JobStarted e -> new Command.StartJob(e.jobId());
          case JobFinished e ->
              new Command.FinishJob(e.jobId(), e.exitStatus(), e.signal(), e.signalReason());
          case BuildCancelRequested e -> new Command.CancelBuild(e.by());
          case JobTimingOut e -> new Command.TimeOutJob(e.jobId());
          case JobExpired e -> new Command.ExpireJob(e.jobId());
          case JobLost e -> new Command.LoseJob(e.jobId(), e.agentId());
          case BuildEvent.JobReleased e ->
              new Command.ReleaseJob(e.jobId(), e.agentId(), e.reason());
          case JobUnblocked e -> new Command.UnblockJob(e.jobId(), e.by(), e.fields());
          case JobRetried e when !isAutomaticRetry(e) -> new Command.RetryJob(e.jobId(), e.by());
          case TriggeredBuildCreated e -> new Command.StartTrigger(e.jobId(), e.triggered());
          case TriggeredBuildFinished e ->
              new Command.FinishTrigger(e.jobId(), e.buildId(), e.result());
          case TriggerFailed e -> new Command.FailTrigger(e.jobId(), e.reason());
          default -> null;
        };
    return Optional.ofNullable(command);
  }

  /**
   * The ids of every build in a Cairn database, oldest first, read with plain JDBC (the driver for
   * {@code jdbcUrl} must be on the class path).
   */
  public static List<String> buildIds(String jdbcUrl, String user, String password) {
    try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
        Statement query = db.createStatement();
        ResultSet rows = query.executeQuery("SELECT id FROM builds ORDER BY created_at, id")) {
      List<String> ids = new ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the builds in " + jdbcUrl, e);
    }
  }
}
