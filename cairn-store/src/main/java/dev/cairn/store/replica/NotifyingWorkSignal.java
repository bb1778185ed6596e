package dev.cairn.store.replica;

import dev.cairn.core.dispatch.WorkSignal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WorkSignal} shared by every server on one PostgreSQL database. {@link #notifyWork()}
 * wakes this server's pollers at once and sends {@code NOTIFY cairn_work} through the pool (inside
 * the caller's transaction if there is one, so it is delivered only on commit); a listener thread
 * holds its own connection with {@code LISTEN cairn_work} and wakes this server's pollers for every
 * notification, its own included.
 *
 * <p>When the listening connection breaks, the listener wakes every poller (a notification may have
 * been missed; they look again and find nothing or something), then reconnects after a pause that
 * doubles from 100 ms up to 5 s and is reset by a successful connect. It keeps trying until {@link
 * #close()}: while it is down the pollers still look every second on their own, so the cost of an
 * outage is latency, never a lost job.
 */
public final class NotifyingWorkSignal implements WorkSignal, AutoCloseable {
  static final String CHANNEL = "cairn_work";
  private static final Logger LOG = LoggerFactory.getLogger(NotifyingWorkSignal.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
  private static final int POLL_MILLIS = 500;

  private final WorkSignal local = WorkSignal.inProcess();
  private final Jdbi jdbi;
  private final String url;
  private final Properties credentials;
  private final Thread listener;
  private volatile boolean closed;
  private volatile Connection connection;

  /** Starts listening on a connection of its own to {@code url}. */
  public NotifyingWorkSignal(Jdbi jdbi, String url, String username, String password) {
    this.jdbi = jdbi;
    this.url = url;
    this.credentials = Credentials.of(username, password);
    this.listener = Thread.ofPlatform().daemon().name("cairn-listen").start(this::listen);
  }

  @Override
  public long generation() {
    return local.generation();
  }

  @Override
  public void notifyWork() {
    local.notifyWork();
    jdbi.useHandle(h -> h.execute("SELECT pg_notify('" + CHANNEL + "', '')"));
  }

  @Override
  public void awaitChange(long seen, Duration timeout) throws InterruptedException {
    local.awaitChange(seen, timeout);
  }

  private void listen() {
    Duration pause = FIRST_PAUSE;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(url, credentials)) {
        connection = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
        }
        pause = FIRST_PAUSE;
        local.notifyWork(); // Anything sent while we were not listening.
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] received = pg.getNotifications(POLL_MILLIS);
          if (received != null && received.length > 0) {
            local.notifyWork();
          }
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        local.notifyWork();
        LOG.warn("lost the LISTEN connection ({}); reconnecting in {} ms", e, pause.toMillis());
        if (!sleep(pause)) {
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
                ? LONGEST_PAUSE
                : pause.multipliedBy(2);
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

  /** True while the listener holds a live connection (for tests and health checks). */
  public boolean listening() {
    Connection c = connection;
    try {
      return c != null && !c.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    listener.interrupt();
    try {
      listener.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
