package dev.cairn.store;

import static dev.cairn.store.StoreFixture.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.dispatch.CandidateLock.Attempt;
import dev.cairn.core.dispatch.WorkSignal;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.port.BuildStore.RunnableJob;
import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What two servers on one PostgreSQL database rely on: a wake-up on one reaches the other's long
 * polls (LISTEN/NOTIFY), also after the listening connection was cut, and a dispatch candidate held
 * by another transaction is skipped, not waited for (FOR UPDATE SKIP LOCKED), and a disconnect
 * written by one is seen by the other's dispatch. PostgreSQL only: the embedded database has one
 * server by design.
 */
class ReplicaCoordinationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private TestDatabase database;
  private StoreFixture a;
  private StoreFixture b;

  @BeforeEach
  void open() {
    assumeThat(DatabaseExtension.selected()).contains(TestDatabase.Kind.POSTGRESQL);
    database = DatabaseExtension.create(TestDatabase.Kind.POSTGRESQL);
    a = new StoreFixture(database, "a-");
    b = new StoreFixture(database, "b-");
  }

  @AfterEach
  void close() {
    if (database != null) {
      b.close();
      a.close();
      DatabaseExtension.release(database);
    }
  }

  @Test
  void aWakeUpOnOneServerReachesTheOthersPollers() throws Exception {
    assertWakes(a.signal, b.signal);
    assertWakes(b.signal, a.signal);
  }

  @Test
  void theListenerReconnectsAfterItsConnectionIsCut() throws Exception {
    assertWakes(a.signal, b.signal);
    Set<Integer> before = listenerPids();
    assertThat(before).hasSize(2);
    try (Connection admin = connect();
        Statement st = admin.createStatement()) {
      st.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    }
    // Until both listeners are back a wake-up may be lost; the pollers' own re-check covers that.
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Set<Integer> after = listenerPids();
    while (after.size() < 2 || after.stream().anyMatch(before::contains)) {
      assertThat(System.nanoTime()).as("new listeners").isLessThan(deadline);
      b.signal.awaitChange(b.signal.generation(), java.time.Duration.ofMillis(20));
      after = listenerPids();
    }
    // Twice: the first wake-up could be the one a reconnecting listener gives on its own.
    assertWakes(a.signal, b.signal);
    assertWakes(a.signal, b.signal);
    assertWakes(b.signal, a.signal);
  }

  @Test
  void aCandidateHeldByAnotherTransactionIsSkippedNotWaitedFor() throws Exception {
    BuildState build = a.createBuild(command("x"));
    RunnableJob candidate = a.store.builds().scheduledJobs(1).getFirst();
    AtomicBoolean ran = new AtomicBoolean();
    try (Connection other = connect()) {
      other.setAutoCommit(false);
      try (PreparedStatement hold =
          other.prepareStatement("SELECT id FROM builds WHERE id = ? FOR UPDATE")) {
        hold.setString(1, build.id());
        hold.executeQuery().close();
      }
      assertThat(b.store.candidateLock().attempt(candidate, () -> ran.getAndSet(true)))
          .isEqualTo(Attempt.BUSY);
      assertThat(ran).isFalse();
      other.rollback();
    }
    assertThat(b.store.candidateLock().attempt(candidate, () -> !ran.getAndSet(true)))
        .isEqualTo(Attempt.ASSIGNED);
    assertThat(ran).isTrue();
  }

  @Test
  void aJobAssignedToAnAgentThatDisconnectedOnTheOtherServerIsScheduledAgain() throws Exception {
    BuildState build = a.createBuild(command("a"));
    String jobId = build.jobList().iterator().next().id();
    AgentRecord leaving = a.registerAgent("leaving");
    AgentRecord staying = a.registerAgent("staying");
    // The disconnect reaches server b while a's poll still holds the agent as it was when the poll
    // began: connected.
    b.store.agents().setConnected(leaving.id(), false, b.clock.instant());

    assertThat(a.dispatcher.next(leaving, Duration.ZERO)).isEmpty();

    Job after = a.store.builds().load(build.id()).orElseThrow().job(jobId).orElseThrow();
    assertThat(after.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(after.agentId()).isEmpty();
    assertThat(a.store.builds().history(build.id()))
        .filteredOn(e -> e instanceof BuildEvent.JobReleased)
        .singleElement()
        .isEqualTo(
            new BuildEvent.JobReleased(jobId, leaving.id(), "disconnected", a.clock.instant()));
    assertThat(a.dispatcher.next(staying, Duration.ZERO)).contains(jobId);
  }

  /** A notify on {@code from} moves {@code to}'s generation (within the patience). */
  private static void assertWakes(WorkSignal from, WorkSignal to) throws InterruptedException {
    long seen = to.generation();
    from.notifyWork();
    to.awaitChange(seen, PATIENCE);
    assertThat(to.generation()).as("woken").isGreaterThan(seen);
  }

  private Set<Integer> listenerPids() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pid FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND query LIKE 'LISTEN%'")) {
      Set<Integer> pids = new HashSet<>();
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
      return pids;
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }
}
