package dev.cairn.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decider;
import dev.cairn.core.decide.Decision;
import dev.cairn.core.job.Job;
import dev.cairn.core.plan.StepPlanner;
import dev.cairn.pipeline.PipelineParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BuildExplainerTest {
  private final Decider decider = new Decider();
  private final List<BuildEvent> history = new ArrayList<>();
  private BuildState state;
  private Instant now = Instant.parse("2026-05-01T12:00:00Z");

  private void send(Command command) {
    now = now.plusSeconds(1);
    Decision.Accepted accepted = (Decision.Accepted) decider.decide(state, command, now);
    for (BuildEvent e : accepted.events()) {
      state = state.apply(e);
      history.add(e);
    }
  }

  private Job job(String key) {
    return state.latest(
        state.jobList().stream()
            .filter(j -> j.spec().stepKey().equals(Optional.of(key)))
            .findFirst()
            .orElseThrow());
  }

  private void run(String key, int exit) {
    String id = job(key).id();
    send(new Command.AssignJob(id, "agent-1", "builder-1"));
    send(new Command.AcceptJob(id, "agent-1", "h"));
    send(new Command.StartJob(id));
    send(new Command.FinishJob(id, exit, null, null));
  }

  @Test
  void explainsWhyEachJobWaitedRanRetriedOrBroke() throws Exception {
    AtomicInteger ids = new AtomicInteger();
    var jobs =
        new StepPlanner(() -> "job-" + ids.incrementAndGet())
            .plan(
                PipelineParser.parse(
                    "p.yml",
                    """
                    steps:
                      - key: test
                        command: make test
                        retry: {automatic: {exit_status: 1, limit: 1}}
                      - wait
                      - key: deploy
                        command: make deploy
                    """));
    BuildCreated created =
        new BuildCreated(
            "build-1",
            "default",
            new PipelineRef("p", "web", "Web", "", "main"),
            7,
            "main",
            "abc123",
            "m",
            Map.of(),
            "api",
            now);
    history.add(created);
    state = BuildState.start(created);
    send(new Command.AddJobs(jobs));
    run("test", 1);
    run("test", 1);

    List<String> lines = BuildExplainer.explain(history, Optional.empty());
    String text = String.join("\n", lines);
    assertThat(lines.getFirst()).contains("build #7 of default/web created");
    assertThat(text)
        .contains("\"test\" scheduled: it has no dependencies")
        .contains("\"test\" assigned to agent builder-1")
        .contains("\"test\" retried as attempt 1")
        .contains("\"test\"#1 finished with exit status 1")
        .contains("failed: \"test\"#1 is failed")
        .contains("\"deploy\" will not run:")
        .contains("build finished: failed");
    assertThat(BuildState.replay(history)).isEqualTo(state);

    String firstAttempt = jobs.getFirst().id();
    List<String> about = BuildExplainer.explain(history, Optional.of(firstAttempt));
    assertThat(about).allMatch(l -> l.contains("test"));
    assertThat(String.join("\n", about))
        .contains("retried as attempt 1")
        .contains("\"test\"#1 started");
  }
}
