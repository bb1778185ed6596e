package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.access.AgentRegistration;
import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.access.RegisteredAgent;
import dev.cairn.core.access.Tokens;
import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.core.port.AgentStore;
import dev.cairn.core.port.OrganizationStore;
import dev.cairn.core.port.TokenStore;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Organizations, pipelines, build numbers, agents and tokens in a real embedded database. */
class OrganizationAndAccessStoreTest {
  private StoreFixture fixture;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @DatabaseTest
  void buildNumbersCountUpPerPipeline() {
    OrganizationStore orgs = fixture.store.organizations();
    orgs.createPipeline(pipeline("p-1", "web"));
    orgs.createPipeline(pipeline("p-2", "api"));

    assertThat(List.of(orgs.nextBuildNumber("p-1"), orgs.nextBuildNumber("p-1")))
        .containsExactly(1L, 2L);
    assertThat(orgs.nextBuildNumber("p-2")).isEqualTo(1L);
    assertThat(orgs.nextBuildNumber("p-1")).isEqualTo(3L);
  }

  @DatabaseTest
  void pipelinesAreFoundBySlugAndSlugsAreUniquePerOrganization() {
    OrganizationStore orgs = fixture.store.organizations();
    PipelineDefinition web = pipeline("p-1", "web");
    orgs.createPipeline(web);

    assertThat(orgs.organization("default")).isPresent();
    assertThat(orgs.pipeline("default", "web")).contains(web);
    assertThat(orgs.pipeline("default", "nope")).isEmpty();
    assertThatThrownBy(() -> orgs.createPipeline(pipeline("p-9", "web")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("default/web");
  }

  @DatabaseTest
  void agentsAreFoundByTheHashOfTheirToken() {
    AgentStore agents = fixture.store.agents();
    String token = Tokens.generate("cairn_agent");
    AgentRecord agent =
        new AgentRecord(
            "agent-1",
            "builder",
            "host",
            "3.0.0",
            Map.of("queue", "default", "os", "linux"),
            Tokens.hash(token),
            false,
            fixture.clock.instant(),
            Optional.empty(),
            false,
            false);
    agents.register(agent);

    assertThat(agents.byTokenHash(Tokens.hash(token))).contains(agent);
    assertThat(agents.byTokenHash(token)).isEmpty();
    assertThat(agents.byTokenHash(Tokens.hash(Tokens.generate("cairn_agent")))).isEmpty();
    assertThat(agents.byId("agent-1")).contains(agent);

    Instant later = fixture.clock.instant().plus(Duration.ofMinutes(1));
    agents.setConnected("agent-1", true, later);
    assertThat(agents.byId("agent-1"))
        .hasValueSatisfying(a -> {
          assertThat(a.connected()).isTrue();
          assertThat(a.lastSeenAt()).contains(later);
        });
  }

  @DatabaseTest
  void registrationNeedsAKnownTokenAndTheAccessTokenThenAuthenticates() {
    AgentRegistry registry =
        new AgentRegistry(
            fixture.store.agents(), fixture.store.tokens(), fixture.ids(), fixture.clock);
    registry.ensureToken(TokenStore.Kind.REGISTRATION, "reg-secret", "test");
    AgentRegistration request =
        new AgentRegistration("%hostname-1", "box", "3.0.0", List.of("queue=linux"), false);

    assertThat(registry.register("wrong", request)).isEmpty();
    RegisteredAgent registered = registry.register("reg-secret", request).orElseThrow();

    assertThat(registered.agent().name()).isEqualTo("box-1");
    assertThat(registered.agent().tokenHash()).isEqualTo(Tokens.hash(registered.accessToken()));
    assertThat(registry.authenticate(registered.accessToken())).contains(registered.agent());
    assertThat(registry.authenticate("reg-secret")).isEmpty();
    assertThat(
            fixture.store.tokens().exists(TokenStore.Kind.REGISTRATION, Tokens.hash("reg-secret")))
        .isTrue();
    assertThat(fixture.store.tokens().exists(TokenStore.Kind.API, Tokens.hash("reg-secret")))
        .isFalse();
  }

  private PipelineDefinition pipeline(String id, String slug) {
    return new PipelineDefinition(
        id, "default", slug, slug, "", "main", "steps: []", fixture.clock.instant());
  }
}
