package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildState;
import dev.cairn.pipeline.PipelineParser;
import dev.cairn.pipeline.Step;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Concurrency groups span builds: the limit holds however many agents ask, and an {@code ordered}
 * group lets no job overtake an older one, while {@code eager} does. Checked on both databases.
 */
class ConcurrencyGroupTest {
  private StoreFixture fixture;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private BuildState build(String yaml) throws Exception {
    return fixture.createBuild(PipelineParser.parse("p.yml", yaml).steps().toArray(new Step[0]));
  }

  private static String deploy(String queue, String method) {
    return """
    steps:
      - key: deploy
        command: deploy
        agents: {queue: %s}
        concurrency: 1
        concurrency_group: prod-deploy
        concurrency_method: %s
    """
        .formatted(queue, method);
  }

  private String onlyJob(BuildState build) {
    return build.jobList().iterator().next().id();
  }

  private void finish(AgentRecord agent, String jobId) {
    fixture.lifecycle.accept(agent, jobId);
    fixture.lifecycle.start(jobId);
    fixture.lifecycle.finish(jobId, 0, null, null);
  }

  @DatabaseTest
  void aGroupRunsNoMoreJobsAtOnceThanItsLimitAcrossBuilds() throws Exception {
    BuildState first = build(deploy("default", "ordered"));
    fixture.clock.advance(Duration.ofSeconds(1));
    BuildState second = build(deploy("default", "ordered"));
    AgentRecord a = fixture.registerAgent("a");
    AgentRecord b = fixture.registerAgent("b");

    assertThat(fixture.dispatcher.next(a, Duration.ZERO)).contains(onlyJob(first));
    assertThat(fixture.dispatcher.next(b, Duration.ZERO))
        .as("the group's one slot is taken")
        .isEmpty();
    finish(a, onlyJob(first));
    assertThat(fixture.dispatcher.next(b, Duration.ZERO)).contains(onlyJob(second));
  }

  @DatabaseTest
  void anOrderedGroupLetsNoJobOvertakeAnOlderOneButAnEagerGroupDoes() throws Exception {
    build(deploy("nobody-serves-this", "ordered"));
    fixture.clock.advance(Duration.ofSeconds(1));
    build(deploy("default", "ordered"));
    AgentRecord a = fixture.registerAgent("a");
    assertThat(fixture.dispatcher.next(a, Duration.ZERO))
        .as("ordered: the older job, which no agent serves yet, goes first")
        .isEmpty();

    build(deploy("nobody-serves-this", "eager").replace("prod-deploy", "staging"));
    fixture.clock.advance(Duration.ofSeconds(1));
    BuildState younger = build(deploy("default", "eager").replace("prod-deploy", "staging"));
    assertThat(fixture.dispatcher.next(a, Duration.ZERO))
        .as("eager: a younger job may go first")
        .contains(onlyJob(younger));
  }
}
