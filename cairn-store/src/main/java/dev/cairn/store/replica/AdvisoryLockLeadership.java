package dev.cairn.store.replica;

import dev.cairn.store.SweepLeadership;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the one server, among those sharing a PostgreSQL database, that runs the periodic sweeps:
 * the holder of a session-level advisory lock ({@code pg_try_advisory_lock}) on a connection of its
 * own. Every server runs one of these; each beat (every second) a follower tries the lock, which
 * costs one statement and never waits, and the leader confirms it still holds it.
 *
 * <p>Design. Why a session lock and not {@code pg_try_advisory_xact_lock} around each sweep: a
 * transaction lock only makes servers take turns, so N servers would still sweep N times a second,
 * one after another, unless each run also wrote down when it ran, which is a lease kept in a table.
 * A session lock gives one stable leader and costs no write at all. Its price is a held connection
 * whose health must be watched, and the danger that a leader that stops without its connection
 * closing (a frozen process, a partitioned host) keeps the lock for ever. Three things bound that:
 *
 * <ul>
 *   <li>The lock's session is opened with {@code idle_session_timeout} = {@link Timing#silence} (10
 *       s): PostgreSQL itself ends a session that sent nothing for that long, which releases its
 *       locks. A leader's beat keeps it alive; a leader that stopped beating loses the lock.
 *   <li>{@link #leading()} is true only within {@link Timing#trust} (5 s) of sending the last beat
 *       that confirmed the lock, measured on this process's monotonic clock, and reads use a socket
 *       timeout of that length. A leader cut off from the database (or frozen and thawed) stops
 *       sweeping by then, before PostgreSQL can hand the lock to anyone else.
 *   <li>A connection that fails is closed (which releases the lock if its session still lives) and
 *       opened again on a later beat, after a pause that doubles up to 5 s.
 * </ul>
 *
 * <p>So, with the database reachable: a leader that stops or is killed (its socket closes) is
 * replaced within one beat (1 s); one that freezes or is cut off, within {@code silence} plus one
 * beat (11 s). Two servers sweep at once only for at most one beat after the leader's session was
 * ended under it (an administrator ending it, a database restart), before its next beat finds out,
 * and that is harmless: every sweep action is a versioned append, so the loser of a race acts on a
 * job that has moved on and the decider refuses it. {@code willing} lets the caller resign (it is
 * asked on each beat): a server whose sweep round is stuck gives the lock to another rather than
 * keep the sweeps from everyone. PostgreSQL before 14 has no {@code idle_session_timeout}; there a
 * frozen leader holds the lock until its TCP connection dies, which is logged as a warning at
 * start.
 *
 * <p>Like {@code LISTEN}, the lock needs a real session: connect directly, or through a pooler in
 * session mode, never in transaction mode. Thread-safe.
 */
public final class AdvisoryLockLeadership implements SweepLeadership {
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLockLeadership.class);

  /**
   * The lock's two keys: "cair" as an int, and 1 for the sweeps. Advisory locks belong to one
   * database, so Cairn deployments on other databases of the same PostgreSQL never meet.
   */
  public static final int LOCK_CLASS = 0x63616972;

  /** The second key of the lock: the periodic sweeps. */
  public static final int LOCK_SWEEPS = 1;

  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
  private static final String UNDEFINED_OBJECT = "42704";

  /**
   * How often the lock is tried or confirmed ({@code beat}), how long a confirmation is trusted
   * ({@code trust}), and after how much silence PostgreSQL ends the lock's session ({@code
   * silence}). {@code beat < trust < silence}, so a live leader renews its trust several times
   * within it and stops trusting well before its session can be ended.
   */
  public record Timing(Duration beat, Duration trust, Duration silence) {
    /** 1 s beats, 5 s trust, sessions ended after 10 s of silence. */
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));

    public Timing {
      if (!beat.isPositive() || beat.compareTo(trust) >= 0 || trust.compareTo(silence) >= 0) {
        throw new IllegalArgumentException(
            "sweep leadership timing needs 0 < beat < trust < silence, got "
                + beat
                + ", "
                + trust
                + ", "
                + silence);
      }
    }
  }

  private final String url;
  private final Properties properties;
  private final BooleanSupplier willing;
  private final Timing timing;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean holding;

  /** {@link System#nanoTime()} when the last beat that confirmed the lock was sent. */
  private volatile long confirmedAt;

  /** The lock's session; only the beat thread touches it. */
  private Connection connection;

  /** Starts competing for the lock on a connection of its own to {@code url}. */
  public AdvisoryLockLeadership(
      String url, String username, String password, BooleanSupplier willing, Timing timing) {
    this.url = url;
    this.willing = willing;
    this.timing = timing;
    this.properties = Credentials.of(username, password);
    String seconds = Long.toString(Math.max(1, timing.trust().toSeconds()));
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    properties.setProperty("ApplicationName", "cairn sweep leadership");
    this.thread = Thread.ofPlatform().daemon().name("cairn-sweep-lock").start(this::run);
  }

  @Override
  public boolean leading() {
    return holding && !closed && System.nanoTime() - confirmedAt < timing.trust().toNanos();
  }

  private void run() {
    Duration pause = timing.beat();
    while (!closed) {
      try {
        beat(System.nanoTime());
        pause = timing.beat();
      } catch (SQLException e) {
        if (closed) {
          break;
        }
        stepDown("its connection to the database failed (" + e.getMessage() + ")");
        disconnect();
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
        LOG.warn(
            "sweep leadership: no connection ({}); trying again in {} ms", e, pause.toMillis());
      }
      if (!sleep(pause)) {
        break;
      }
    }
    stepDown("the server is stopping");
    disconnect();
  }

  /** One beat, sent at {@code sent}: try the lock, or confirm it, or resign it. */
  private void beat(long sent) throws SQLException {
    if (!willing.getAsBoolean()) {
      stepDown("its sweep rounds are stuck or have stopped");
      disconnect(); // Ends the session, so the lock is free for another server at once.
      return;
    }
    if (connection == null) {
      connection = connect();
    }
    if (holding) {
      if (stillHeld()) {
        confirmedAt = sent;
      } else {
        stepDown("its lock is no longer held by its session");
        disconnect();
      }
    } else if (tryLock()) {
      confirmedAt = sent;
      holding = true;
      LOG.info(
          "this server now runs the periodic sweeps (timeouts, expiry, lost agents, triggers)"
              + " for every server on this database");
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, properties);
    try (Statement st = c.createStatement()) {
      st.execute("SET idle_session_timeout = " + timing.silence().toMillis());
    } catch (SQLException e) {
      if (!UNDEFINED_OBJECT.equals(e.getSQLState())) {
        c.close();
        throw e;
      }
      LOG.warn(
          "this PostgreSQL has no idle_session_timeout (before 14): a server that freezes while it"
              + " runs the periodic sweeps keeps them from the others until its connection dies");
    }
    return c;
  }

  private boolean tryLock() throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      st.setInt(1, LOCK_CLASS);
      st.setInt(2, LOCK_SWEEPS);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Whether this session holds the lock; it does unless the session changed under us. */
  private boolean stillHeld() throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = pg_backend_pid() AND classid = ? AND objid = ? AND objsubid = 2")) {
      st.setLong(1, LOCK_CLASS);
      st.setLong(2, LOCK_SWEEPS);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private void stepDown(String reason) {
    if (holding) {
      holding = false;
      LOG.warn("this server no longer runs the periodic sweeps: {}", reason);
    }
  }

  private void disconnect() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // The session ends with its socket, or at the latest after the idle timeout.
        LOG.debug("closing the sweep lock connection failed", e);
      }
    }
  }

  private static boolean sleep(Duration pause) {
    try {
      Thread.sleep(pause);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Releases the lock (its session ends) and stops the beat thread. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(timing.trust().plusSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
