package dev.cairn.server.wiring;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.access.Tokens;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.core.dispatch.WorkSignal;
import dev.cairn.core.orchestrate.AgentDeparture;
import dev.cairn.core.orchestrate.Annotations;
import dev.cairn.core.orchestrate.Artifacts;
import dev.cairn.core.orchestrate.BuildLocks;
import dev.cairn.core.orchestrate.BuildWriter;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.Deadlines;
import dev.cairn.core.orchestrate.JobEnvironment;
import dev.cairn.core.orchestrate.JobIdentity;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.orchestrate.LostAgents;
import dev.cairn.core.orchestrate.MetaData;
import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.orchestrate.Secrets;
import dev.cairn.core.orchestrate.StepAttributes;
import dev.cairn.core.orchestrate.Triggers;
import dev.cairn.core.orchestrate.Unblocks;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.TokenStore;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.agentapi.AgentApi;
import dev.cairn.server.agentapi.AgentIntervals;
import dev.cairn.server.agentapi.ArtifactLinks;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.GzipRequestDecoding;
import dev.cairn.server.http.Replies;
import dev.cairn.server.oidc.OidcDiscovery;
import dev.cairn.server.oidc.OidcIssuer;
import dev.cairn.server.rest.RestApi;
import dev.cairn.store.Store;
import dev.cairn.store.StoreConfig;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Cairn server: the store, the core services and the HTTP listener. {@link #start} is the
 * composition root; {@link #close} stops the listener, then the store.
 */
public final class CairnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

  private final Store store;
  private final WebServer web;
  private final String registrationToken;
  private final String apiToken;

  private final Sweeps sweeps;
  private final TriggerLoop triggerLoop;

  private CairnServer(
      Store store,
      WebServer web,
      Sweeps sweeps,
      TriggerLoop triggerLoop,
      String registrationToken,
      String apiToken) {
    this.store = store;
    this.sweeps = sweeps;
    this.triggerLoop = triggerLoop;
    this.web = web;
    this.registrationToken = registrationToken;
    this.apiToken = apiToken;
  }

  public static CairnServer start(ServerConfig config) {
    return start(config, InstantSource.system());
  }

  /**
   * A server whose deadlines, agent silences and event times follow {@code clock} (tests drive time
   * with a manual clock; production uses the system clock).
   */
  public static CairnServer start(ServerConfig config, InstantSource clock) {
    LOG.info("starting {}", config);
    Store store = Store.openOwned(storeConfig(config));
    try {
      return start(config, store, clock);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The embedded database in the data directory, unless a PostgreSQL database is configured. */
  private static StoreConfig storeConfig(ServerConfig config) {
    return config
        .database()
        .map(db -> StoreConfig.postgres(db.url(), db.username(), db.password()))
        .orElseGet(() -> StoreConfig.embedded(config.dataDir()));
  }

  private static CairnServer start(ServerConfig config, Store store, InstantSource clock) {
    IdGenerator ids = IdGenerator.randomUuids();
    // On PostgreSQL the signal also carries wake-ups to and from the other servers (NOTIFY).
    WorkSignal signal = store.workSignal();
    // Trigger work is woken by the events that may concern it, on the server that wrote them, and
    // swept every second anyway by the server that runs the periodic sweeps.
    TriggerLoop triggerLoop = new TriggerLoop();
    BuildWriter writer =
        new BuildWriter(
            store.builds(),
            clock,
            events -> {
              wake(signal, events);
              triggerLoop.wake(events);
            },
            // Servers sharing PostgreSQL settle races by the version check alone (see BuildLocks).
            store.candidateLock().sharedDatabase() ? BuildLocks.none() : BuildLocks.perBuild());
    AgentRegistry registry = new AgentRegistry(store.agents(), store.tokens(), ids, clock);
    String registrationToken =
        installToken(
            registry,
            TokenStore.Kind.REGISTRATION,
            config.registrationToken(),
            config,
            "agent-token");
    String apiToken =
        installToken(registry, TokenStore.Kind.API, config.apiToken(), config, "api-token");

    Pipelines pipelines = new Pipelines(store.organizations(), ids, clock);
    Builds builds =
        new Builds(
            store.organizations(), store.builds(), writer, ids, clock, config.maxPipelineUploads());
    MetaData metaData = new MetaData(store.metaData(), clock);
    JobLifecycle jobs = new JobLifecycle(store.builds(), writer, store.logs());
    Dispatcher dispatcher =
        new Dispatcher(
            store.builds(), store.agents(), writer, signal, clock, store.candidateLock());
    Deadlines deadlines = new Deadlines(store.builds(), writer, clock, config.limits().jobExpiry());
    Triggers triggers =
        new Triggers(
            store.organizations(),
            store.builds(),
            builds,
            writer,
            store.metaData(),
            store.logs(),
            clock,
            config.maxTriggerDepth());
    LostAgents lostAgents =
        new LostAgents(
            store.agents(), store.builds(), writer, clock, config.limits().agentLostAfter());
    // With port 0 the base URL is known only once the listener is bound; links read it lazily.
    AtomicReference<String> baseUrl = new AtomicReference<>(config.publicUrl().orElse(""));
    Path data = config.dataDir();
    Artifacts artifacts =
        new Artifacts(
            store.artifacts(), Store.artifactFiles(data.resolve("artifacts")), ids, clock);
    Annotations annotations = new Annotations(store.annotations(), ids, clock);
    Secrets secrets = new Secrets(store.secrets(data.resolve("secrets.key"), ids), clock);
    JobIdentity identity = new JobIdentity(baseUrl::get, ids, clock);
    OidcIssuer issuer = OidcIssuer.fromKeyFile(data.resolve("oidc-signing-key.json"));
    AgentApi agentApi =
        new AgentApi(
            new AgentApi.Services(
                registry,
                dispatcher,
                new AgentDeparture(store.builds(), writer),
                jobs,
                new JobEnvironment(baseUrl::get),
                builds,
                metaData,
                artifacts,
                new ArtifactLinks(keyFile(data.resolve("artifact-links.key")), baseUrl::get, clock),
                annotations,
                identity,
                issuer,
                secrets,
                new StepAttributes(store.attributes(), clock)),
            AgentIntervals.DEFAULT);
    RestApi restApi =
        new RestApi(
            registry,
            pipelines,
            builds,
            store.logs(),
            jobs,
            secrets,
            annotations,
            new Unblocks(writer, metaData),
            metaData,
            baseUrl::get);
    OidcDiscovery discovery =
        new OidcDiscovery(issuer, baseUrl::get, JobIdentity.supportedClaims());
    WebServer web =
        WebServer.builder()
            .host(config.host())
            .port(config.port())
            .contentEncoding(c ->
                c.contentEncodingsDiscoverServices(false)
                    .addContentEncoding(new GzipRequestDecoding()))
            .routing(r -> {
              r.error(
                  BadRequestException.class,
                  (req, res, e) -> Replies.error(res, Status.BAD_REQUEST_400, e.getMessage()));
              r.error(
                  RuntimeException.class,
                  (req, res, e) -> {
                    LOG.error("{} {} failed", req.prologue().method(), req.path().path(), e);
                    Replies.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal error");
                  });
              agentApi.routes(r);
              restApi.routes(r);
              discovery.routes(r);
            })
            .build()
            .start();
    if (config.publicUrl().isEmpty()) {
      baseUrl.set("http://" + config.host() + ":" + web.port());
    }
    LOG.info("listening on {}", baseUrl.get());
    // On PostgreSQL one server at a time runs these for all the servers on the database.
    Sweeps sweeps =
        new Sweeps(
            List.of(deadlines::fireDue, lostAgents::fireDue, triggerLoop::sweepSoon),
            store::sweepLeadership);
    triggerLoop.start(triggers::sweep);
    return new CairnServer(store, web, sweeps, triggerLoop, registrationToken, apiToken);
  }

  private static void wake(WorkSignal signal, List<BuildEvent> events) {
    if (events.stream()
        .anyMatch(
            e -> e instanceof BuildEvent.JobScheduled || e instanceof BuildEvent.JobReleased)) {
      signal.notifyWork();
    }
  }

  /**
   * Installs the configured token, or else the one saved in the data directory, or else a new one
   * saved there (mode 600) so a user can read it; the token itself is never logged.
   */
  private static String installToken(
      AgentRegistry registry,
      TokenStore.Kind kind,
      Optional<String> configured,
      ServerConfig config,
      String fileName) {
    Path file = config.dataDir().resolve(fileName);
    try {
      String token;
      if (configured.isPresent()) {
        token = configured.get();
      } else if (Files.exists(file)) {
        token = Files.readString(file).trim();
      } else {
        token = Tokens.generate(kind == TokenStore.Kind.API ? "cairn_api" : "cairn_reg");
        Files.createDirectories(config.dataDir());
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        LOG.info("a new {} token is in {}", kind.name().toLowerCase(java.util.Locale.ROOT), file);
      }
      registry.ensureToken(kind, token, "installed at start");
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /** 32 random bytes kept (mode 600) in {@code file}, made on first use. */
  private static byte[] keyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  public int port() {
    return web.port();
  }

  public String registrationToken() {
    return registrationToken;
  }

  public String apiToken() {
    return apiToken;
  }

  /** How many periodic sweep rounds this server ran (for monitoring and tests). */
  public long sweepRoundsRun() {
    return sweeps.roundsRun();
  }

  /**
   * How many periodic sweep rounds this server left to another server on its PostgreSQL database,
   * which led the sweeps at the time (for monitoring and tests; 0 on the embedded database).
   */
  public long sweepRoundsLeft() {
    return sweeps.roundsLeft();
  }

  @Override
  public void close() {
    sweeps.close();
    triggerLoop.close();
    web.stop();
    store.close();
  }
}
