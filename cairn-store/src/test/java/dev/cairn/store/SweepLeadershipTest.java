package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.store.replica.AdvisoryLockLeadership;
import dev.cairn.store.replica.AdvisoryLockLeadership.Timing;
import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The election of the one server that runs the periodic sweeps on a shared PostgreSQL database: one
 * of several candidates leads, never two at once, and the lead passes on when the leader closes,
 * when its session is ended, when it resigns, and when a holder of the lock goes silent (as a
 * frozen server does) and PostgreSQL ends its session. Short timings keep the test quick; the
 * server uses {@link Timing#DEFAULT}.
 */
class SweepLeadershipTest {
  private static final Timing QUICK =
      new Timing(Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMillis(2000));
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private TestDatabase database;
  private final List<AdvisoryLockLeadership> candidates = new ArrayList<>();

  @BeforeEach
  void open() {
    assumeThat(DatabaseExtension.selected()).contains(TestDatabase.Kind.POSTGRESQL);
    database = DatabaseExtension.create(TestDatabase.Kind.POSTGRESQL);
  }

  @AfterEach
  void close() {
    candidates.forEach(AdvisoryLockLeadership::close);
    if (database != null) {
      DatabaseExtension.release(database);
    }
  }

  @Test
  void oneOfThreeCandidatesLeadsAndNeverTwoAtOnce() throws Exception {
    List<AdvisoryLockLeadership> three = List.of(candidate(), candidate(), candidate());
    await("a leader", () -> leaders(three) == 1);
    // Twenty beats: the lead stays with one.
    long until = System.nanoTime() + QUICK.beat().multipliedBy(20).toNanos();
    while (System.nanoTime() < until) {
      assertThat(leaders(three)).as("leaders at once").isLessThanOrEqualTo(1);
      Thread.sleep(5);
    }
  }

  @Test
  void whenTheLeaderClosesAnotherLeads() throws Exception {
    AdvisoryLockLeadership first = candidate();
    await("the first leads", first::leading);
    AdvisoryLockLeadership second = candidate();
    assertThat(second.leading()).isFalse();

    first.close();

    assertThat(first.leading()).isFalse();
    await("the second leads", second::leading);
  }

  @Test
  void whenTheLeadersSessionIsEndedItStopsLeadingAndTheLeadIsTakenAgain() throws Exception {
    AdvisoryLockLeadership first = candidate();
    await("the first leads", first::leading);
    AdvisoryLockLeadership second = candidate();
    List<Integer> before = holders();
    assertThat(before).as("sessions holding the lock").hasSize(1);

    execute("SELECT pg_terminate_backend(" + before.getFirst() + ")");

    // The first finds its session gone on its next beat; then one of the two takes the lock again,
    // on a new session.
    await(
        "one leader on a new session",
        () -> {
          List<Integer> now = holders();
          return now.size() == 1 && !now.equals(before) && (first.leading() ^ second.leading());
        });
  }

  @Test
  void aLeaderThatIsNoLongerWillingResigns() throws Exception {
    AtomicBoolean willing = new AtomicBoolean(true);
    AdvisoryLockLeadership first = candidate(willing::get);
    await("the first leads", first::leading);
    AdvisoryLockLeadership second = candidate();

    willing.set(false);

    await("the second leads", second::leading);
    assertThat(first.leading()).isFalse();
  }

  @Test
  void aSilentHolderLosesTheLockWhenPostgresqlEndsItsSession() throws Exception {
    try (Connection frozen = connect();
        Statement st = frozen.createStatement()) {
      st.execute("SET idle_session_timeout = " + QUICK.silence().toMillis());
      try (ResultSet rs =
          st.executeQuery(
              "SELECT pg_try_advisory_lock("
                  + AdvisoryLockLeadership.LOCK_CLASS
                  + ", "
                  + AdvisoryLockLeadership.LOCK_SWEEPS
                  + ")")) {
        assertThat(rs.next() && rs.getBoolean(1)).as("the silent holder took the lock").isTrue();
      }
      AdvisoryLockLeadership waiting = candidate();
      assertThat(waiting.leading()).isFalse();

      // The holder sends nothing more, like a server stopped with SIGSTOP.
      await("the waiting candidate leads", waiting::leading);
      assertThat(frozen.isValid(1)).as("the silent session is still open").isFalse();
    }
  }

  @Test
  void onTheEmbeddedDatabaseTheServerAlwaysLeads() {
    TestDatabase sqlite = DatabaseExtension.create(TestDatabase.Kind.SQLITE);
    try (Store store = Store.open(StoreFixture.config(sqlite));
        SweepLeadership leadership = store.sweepLeadership(() -> true)) {
      assertThat(leadership.leading()).isTrue();
    } finally {
      DatabaseExtension.release(sqlite);
    }
  }

  private AdvisoryLockLeadership candidate() {
    return candidate(() -> true);
  }

  private AdvisoryLockLeadership candidate(BooleanSupplier willing) {
    AdvisoryLockLeadership candidate =
        new AdvisoryLockLeadership(
            database.jdbcUrl(), database.username(), database.password(), willing, QUICK);
    candidates.add(candidate);
    return candidate;
  }

  private static long leaders(List<AdvisoryLockLeadership> candidates) {
    return candidates.stream().filter(AdvisoryLockLeadership::leading).count();
  }

  private static String ourLock() {
    return "locktype = 'advisory' AND classid = "
        + AdvisoryLockLeadership.LOCK_CLASS
        + " AND objid = "
        + AdvisoryLockLeadership.LOCK_SWEEPS
        + " AND objsubid = 2";
  }

  /** The server processes of the sessions that hold the sweeps' lock now. */
  private List<Integer> holders() {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("SELECT pid FROM pg_locks WHERE granted AND " + ourLock());
        ResultSet rs = st.executeQuery()) {
      List<Integer> pids = new ArrayList<>();
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
      return pids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + PATIENCE).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
