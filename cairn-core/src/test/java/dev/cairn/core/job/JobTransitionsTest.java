package dev.cairn.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.JobTransitions.Transition;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void illegalPairThrowsATypedErrorNamingStateAndEvent() {
    assertThatThrownBy(() -> JobTransitions.require(JobState.PASSED, JobEvent.START))
        .isInstanceOfSatisfying(
            IllegalTransitionException.class,
            e -> {
              assertThat(e.state()).isEqualTo(JobState.PASSED);
              assertThat(e.event()).isEqualTo(JobEvent.START);
            })
        .hasMessageContaining("passed")
        .hasMessageContaining("START");
  }

  @Test
  void everyPairOutsideTheTableIsIllegalAndEveryPairInsideIsLegal() {
    for (JobState state : JobState.values()) {
      for (JobEvent event : JobEvent.values()) {
        Optional<JobState> listed =
            JobTransitions.TABLE.stream()
                .filter(t -> t.from() == state && t.event() == event)
                .map(Transition::to)
                .findFirst();
        assertThat(JobTransitions.next(state, event)).as(state + " + " + event).isEqualTo(listed);
        if (listed.isEmpty()) {
          assertThatThrownBy(() -> JobTransitions.require(state, event))
              .isInstanceOf(IllegalTransitionException.class)
              .hasMessageContaining(state.apiName())
              .hasMessageContaining(event.name());
        }
      }
    }
  }

  @Test
  void tableHasOneRowPerPairAndTerminalStatesHaveNoWayOut() {
    Set<String> pairs = new HashSet<>();
    for (Transition t : JobTransitions.TABLE) {
      assertThat(pairs.add(t.from() + "/" + t.event())).as("duplicate row " + t).isTrue();
      // Only a manual retry reopens terminal jobs: what broke because of the retried failure waits
      // again.
      boolean reset = t.event() == dev.cairn.core.job.JobEvent.RESET;
      assertThat(t.from().isTerminal() && !reset)
          .as("row leaving a terminal state: " + t)
          .isFalse();
    }
  }

  @Test
  void foldingAnIllegalStoredEventThrowsTheTypedError() {
    JobSpec spec =
        new JobSpec(
            "job-1",
            "step-1",
            Optional.empty(),
            JobType.SCRIPT,
            "a",
            "echo a",
            List.of(),
            false,
            Map.of(),
            Map.of());
    BuildCreated created =
        new BuildCreated(
            "build-1",
            "default",
            new PipelineRef("p", "demo", "Demo", "", "main"),
            1,
            "main",
            "abc",
            "",
            Map.of(),
            "api",
            NOW);
    BuildState state = BuildState.replay(List.of(created, new JobsAdded(List.of(spec), NOW)));

    assertThatThrownBy(() -> state.apply(new JobStarted("job-1", NOW)))
        .isInstanceOfSatisfying(
            IllegalTransitionException.class,
            e -> {
              assertThat(e.state()).isEqualTo(JobState.WAITING);
              assertThat(e.event()).isEqualTo(JobEvent.START);
            });
  }
}
