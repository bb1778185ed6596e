package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.agent.job.JobSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class AgentConfigTest {
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:8080/v3");
  private static final String TOKEN = "very-secret-registration-token";

  @Test
  void defaultsEveryOptionalSetting() {
    AgentConfig config = AgentConfig.of(ENDPOINT, TOKEN);

    assertThat(config.name()).isEqualTo("%hostname-%spawn");
    assertThat(config.tags()).isEmpty();
    assertThat(config.queue()).isNull();
    assertThat(config.spawn()).isEqualTo(1);
    assertThat(config.buildPath()).isEqualTo(AgentConfig.defaultBuildPath());
    assertThat(config.longPoll()).isTrue();
    assertThat(config.signalGracePeriod()).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void substitutesSpawnButLeavesHostnameToTheServer() {
    assertThat(AgentConfig.of(ENDPOINT, TOKEN).nameForSpawn(3, 42, new Random(1)))
        .isEqualTo("%hostname-3");
  }

  @Test
  void expandsTheNamePlaceholdersBuildkiteDocuments() {
    String name =
        AgentConfig.of(ENDPOINT, TOKEN)
            .withName("ci-%n-%spawn-%pid-%random-%random")
            .nameForSpawn(2, 4242, new Random(7));

    assertThat(name).matches("ci-2-2-4242-[a-z0-9]{8}-[a-z0-9]{8}");
    assertThat(name.substring(12, 20)).as("each %random differs").isNotEqualTo(name.substring(21));
  }

  @Test
  void reportsTheFeaturesItUses() {
    AgentConfig config =
        AgentConfig.of(ENDPOINT, TOKEN)
            .withAcquireJob("job-1")
            .withDisconnectAfterJob(true)
            .withDisconnectAfterIdleTimeout(Duration.ofSeconds(5))
            .withDisconnectAfterUptime(Duration.ofSeconds(60));

    assertThat(config.features())
        .containsExactly(
            "acquire-job",
            "disconnect-after-job",
            "disconnect-after-idle",
            "disconnect-after-uptime");
  }

  @Test
  void reportsNoHttp2AsTheOfficialAgentDoes() {
    AgentConfig config =
        AgentConfig.of(ENDPOINT, TOKEN).withJobs(JobSettings.DEFAULTS.withHttp2(false));

    assertThat(config.features()).containsExactly("no-http2");
  }

  @Test
  void theQueueBecomesATag() {
    AgentConfig config =
        AgentConfig.of(ENDPOINT, TOKEN).withTags(List.of("os=linux")).withQueue("gpu");

    assertThat(config.registrationTags()).containsExactly("os=linux", "queue=gpu");
  }

  @Test
  void validationNamesTheSetting() {
    AgentConfig base = AgentConfig.of(ENDPOINT, TOKEN);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentConfig.of(URI.create("ftp://x/v3"), TOKEN))
        .withMessageContaining("'endpoint'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentConfig.of(ENDPOINT, " "))
        .withMessageContaining("'registrationToken'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withTags(List.of("novalue")))
        .withMessageContaining("'tags'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withTags(List.of("queue=a")).withQueue("b"))
        .withMessageContaining("'queue'");
    assertThatIllegalArgumentException()
        .as("the official agent trims the tag before it looks for queue=")
        .isThrownBy(() -> base.withTags(List.of(" queue=a")).withQueue("b"))
        .withMessageContaining("only one");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withDisconnectAfterUptime(Duration.ofSeconds(-1)))
        .withMessageContaining("'disconnectAfterUptime'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withSpawn(0))
        .withMessageContaining("'spawn'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withSignalGracePeriod(Duration.ZERO))
        .withMessageContaining("'signalGracePeriod'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withSpawn(2).withAcquireJob("job-1"))
        .withMessageContaining("'acquireJob'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> base.withDisconnectAfterIdleTimeout(Duration.ofSeconds(-1)))
        .withMessageContaining("'disconnectAfterIdleTimeout'");
  }

  @Test
  void spawnPriorityReplacesThePriorityPerWorker() {
    AgentConfig config = AgentConfig.of(ENDPOINT, TOKEN).withSpawn(3).withPriority(9);

    assertThat(config.priorityForSpawn(2)).isEqualTo(9);
    assertThat(config.withSpawnPriority(AgentConfig.SpawnPriority.ASCENDING).priorityForSpawn(2))
        .isEqualTo(2);
    assertThat(config.withSpawnPriority(AgentConfig.SpawnPriority.DESCENDING).priorityForSpawn(3))
        .isEqualTo(-3);
    assertThat(AgentConfig.of(ENDPOINT, TOKEN).priorityForSpawn(1)).isNull();
  }

  @Test
  void neverShowsTheToken() {
    AgentConfig config = AgentConfig.of(ENDPOINT, TOKEN).withBuildPath(Path.of("/tmp/b"));

    assertThat(config.toString()).doesNotContain(TOKEN).contains("registrationToken=***");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config.withSpawn(-1))
        .withMessageNotContaining(TOKEN);
  }
}
