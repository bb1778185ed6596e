package dev.cairn.store;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decider;
import dev.cairn.core.decide.Decision;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.core.dispatch.WorkSignal;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.orchestrate.BuildLocks;
import dev.cairn.core.orchestrate.BuildWriter;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.plan.PlanException;
import dev.cairn.core.plan.StepPlanner;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.VersionConflictException;
import dev.cairn.pipeline.CommandStep;
import dev.cairn.pipeline.Location;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Step;
import dev.cairn.pipeline.WaitStep;
import dev.cairn.testkit.HistoryReplay;
import dev.cairn.testkit.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real store on a test's database (embedded or PostgreSQL, see {@link
 * dev.cairn.testkit.DatabaseTest}), with the core services that write to it wired the way the
 * server wires them, the store's wake-up signal and candidate lock included. Builds are created
 * from pipeline records (no YAML), planned and decided by the real planner and decider. Two
 * fixtures on one database are two servers sharing it. Close it to release the database.
 */
final class StoreFixture implements AutoCloseable {
  private static final Location HERE = new Location("pipeline.yml", 1, 1, "steps");

  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final Store store;
  final WorkSignal signal;
  final BuildWriter writer;
  final Dispatcher dispatcher;
  final JobLifecycle lifecycle;
  private final String idPrefix;
  private final String jdbcUrl;
  private final String username;
  private final String password;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong buildNumbers = new AtomicLong();
  private final LongAdder conflicts = new LongAdder();

  StoreFixture(TestDatabase database) {
    this(database, "id-");
  }

  /** A fixture whose ids start with {@code idPrefix}, so two on one database do not collide. */
  StoreFixture(TestDatabase database, String idPrefix) {
    this(database, idPrefix, false);
  }

  /** With {@code owned}, the store is opened as the server opens it ({@link Store#openOwned}). */
  StoreFixture(TestDatabase database, String idPrefix, boolean owned) {
    this(database, idPrefix, owned, BuildLocks.none());
  }

  /** With {@code locks} for the writer's commands on one build. */
  StoreFixture(TestDatabase database, String idPrefix, boolean owned, BuildLocks locks) {
    this.idPrefix = idPrefix;
    StoreConfig config = config(database);
    store = owned ? Store.openOwned(config) : Store.open(config);
    jdbcUrl = config.jdbcUrl();
    username = config.username();
    password = config.password();
    signal = store.workSignal();
    writer =
        new BuildWriter(
            countingConflicts(store.builds()), clock, events -> signal.notifyWork(), locks);
    dispatcher =
        new Dispatcher(
            store.builds(), store.agents(), writer, signal, clock, store.candidateLock());
    lifecycle = new JobLifecycle(store.builds(), writer, store.logs());
  }

  /** How many of the writer's appends lost the version check so far. */
  long conflicts() {
    return conflicts.sum();
  }

  /** {@code builds}, counting the appends that fail on a version conflict. */
  private BuildStore countingConflicts(BuildStore builds) {
    return (BuildStore)
        Proxy.newProxyInstance(
            BuildStore.class.getClassLoader(),
            new Class<?>[] {BuildStore.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(builds, args);
              } catch (InvocationTargetException e) {
                if (e.getCause() instanceof VersionConflictException) {
                  conflicts.increment();
                }
                throw e.getCause();
              }
            });
  }

  /** The store configuration for a test database. */
  static StoreConfig config(TestDatabase database) {
    return database.isPostgres()
        ? StoreConfig.postgres(database.jdbcUrl(), database.username(), database.password())
        : StoreConfig.embedded(database.directory());
  }

  /** Predictable ids: {@code id-1}, {@code id-2}, ... */
  IdGenerator ids() {
    return () -> idPrefix + ids.incrementAndGet();
  }

  /** Creates and stores a build of {@code steps}, as a new build is created by the services. */
  BuildState createBuild(Step... steps) {
    try {
      return createBuild(new StepPlanner(ids()).plan(new Pipeline(Map.of(), List.of(steps))));
    } catch (PlanException e) {
      throw new AssertionError(e);
    }
  }

  /** Creates and stores a build of already planned jobs. */
  BuildState createBuild(List<JobSpec> jobs) {
    BuildCreated created =
        new BuildCreated(
            ids().newId(),
            "default",
            new PipelineRef("pipeline-1", "demo", "Demo", "git@example.com:demo.git", "main"),
            buildNumbers.incrementAndGet(),
            "main",
            "0123abcd",
            "a test build",
            Map.of("FROM_BUILD", "yes"),
            "api",
            clock.instant());
    List<BuildEvent> creation = new ArrayList<>();
    creation.add(created);
    Decision decision =
        new Decider().decide(BuildState.start(created), new Command.AddJobs(jobs), clock.instant());
    creation.addAll(((Decision.Accepted) decision).events());
    return writer.create(creation);
  }

  AgentRecord registerAgent(String name) {
    AgentRecord agent =
        new AgentRecord(
            ids().newId(),
            name,
            "host-" + name,
            "3.0.0",
            Map.of("queue", "default"),
            "token-hash-of-" + name,
            true,
            clock.instant(),
            Optional.empty(),
            false,
            false);
    store.agents().register(agent);
    return agent;
  }

  /** Waits (20 s at most) until exactly {@code agents} agents wait in the dispatcher. */
  void awaitWaiting(int agents) throws InterruptedException {
    java.time.Instant deadline = Instant.now().plusSeconds(20);
    while (dispatcher.waitingAgents() != agents) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            agents + " agents never waited; " + dispatcher.waitingAgents() + " do");
      }
      Thread.sleep(5);
    }
  }

  static CommandStep command(String key) {
    return new CommandStep(
        Optional.of(key),
        Optional.of(key),
        "echo " + key,
        Optional.empty(),
        Map.of(),
        Map.of(),
        HERE);
  }

  static WaitStep waitStep(String key, boolean continueOnFailure) {
    return new WaitStep(Optional.of(key), Optional.empty(), continueOnFailure, HERE);
  }

  /**
   * Checks that every build the test left in the database replays, through the fold and the
   * decider, to what the store holds (see {@link HistoryReplay}), then closes the store. So every
   * store-backed test also proves its builds' histories replay.
   */
  @Override
  public void close() {
    try {
      verifyHistories();
    } finally {
      store.close();
    }
  }

  /** Replays every stored build; fails naming the build and event that do not replay. */
  void verifyHistories() {
    for (String buildId : HistoryReplay.buildIds(jdbcUrl, username, password)) {
      HistoryReplay.verify(
          store.builds().history(buildId), store.builds().load(buildId).orElseThrow());
    }
  }
}
