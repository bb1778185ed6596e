package dev.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers on the embedded database wait for each other in Java, where a waiting virtual thread
 * gives its carrier back, and not in SQLite's busy handler, which sleeps in native code holding the
 * carrier: with as many writers waiting there as there are carriers, the virtual thread that holds
 * the write lock could not run again to commit, and every writer waited out the busy timeout and
 * failed (seen as HTTP 500s with "database is locked" under load).
 */
final class SqliteWriteLockTest {
  /** Short, so that without the lock the test fails in seconds rather than hangs. */
  private static final int BUSY_TIMEOUT_MS = 2_000;

  @TempDir Path dir;

  @Test
  void writersQueuedBehindAParkedTransactionDoNotHoldTheCarriersItNeedsToCommit() throws Exception {
    try (HikariDataSource data = dataSource()) {
      Jdbi jdbi = jdbi(data);
      jdbi.useHandle(h -> h.execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
      CountDownLatch inTransaction = new CountDownLatch(1);
      CountDownLatch mayCommit = new CountDownLatch(1);
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      threads.add(
          Thread.ofVirtual()
              .start(
                  guarded(
                      failures,
                      () ->
                          jdbi.useTransaction(h -> {
                            insert(h, "holder-1");
                            inTransaction.countDown();
                            // Parks: the virtual thread leaves its carrier while it holds the write
                            // lock.
                            mayCommit.await();
                            insert(h, "holder-2");
                          }))));
      assertThat(inTransaction.await(10, TimeUnit.SECONDS)).isTrue();
      int writers = 2 * Runtime.getRuntime().availableProcessors() + 2;
      for (int i = 0; i < writers; i++) {
        String key = "writer-" + i;
        // Half write in a transaction, half on their own (auto-commit).
        Body write =
            i % 2 == 0
                ? () -> jdbi.useTransaction(h -> insert(h, key))
                : () -> jdbi.useHandle(h -> insert(h, key));
        threads.add(Thread.ofVirtual().start(guarded(failures, write)));
      }
      // Long enough for every writer to reach the database and wait there.
      Thread.sleep(300);
      mayCommit.countDown();
      for (Thread thread : threads) {
        assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(failures).isEmpty();
      assertThat(count(jdbi)).isEqualTo(writers + 2);
    }
  }

  @Test
  void aFailedTransactionGivesTheLockBack() throws Exception {
    try (HikariDataSource data = dataSource()) {
      Jdbi jdbi = jdbi(data);
      jdbi.useHandle(h -> h.execute("CREATE TABLE t (k TEXT PRIMARY KEY)"));
      jdbi.useHandle(h -> insert(h, "a"));
      for (int i = 0; i < 3; i++) {
        try {
          jdbi.useTransaction(h -> insert(h, "a"));
        } catch (RuntimeException expected) {
          // The duplicate key fails the insert; the transaction rolls back.
        }
        try {
          jdbi.useHandle(h -> insert(h, "a"));
        } catch (RuntimeException expected) {
          // Likewise on its own.
        }
      }
      Thread other = Thread.ofPlatform().start(() -> jdbi.useHandle(h -> insert(h, "b")));
      assertThat(other.join(Duration.ofSeconds(5))).isTrue();
      assertThat(count(jdbi)).isEqualTo(2);
    }
  }

  private HikariDataSource dataSource() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        "jdbc:sqlite:"
            + dir.resolve("t.db")
            + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout="
            + BUSY_TIMEOUT_MS);
    config.setMaximumPoolSize(32);
    return new HikariDataSource(config);
  }

  private static Jdbi jdbi(HikariDataSource data) {
    Jdbi jdbi = Jdbi.create(data);
    SqliteWriteLock writes = new SqliteWriteLock();
    jdbi.setStatementBuilderFactory(writes.around(new CachedStatements()));
    jdbi.setTransactionHandler(new SqliteTransactions(writes));
    return jdbi;
  }

  private static void insert(org.jdbi.v3.core.Handle h, String key) {
    h.createUpdate("INSERT INTO t (k) VALUES (:k)").bind("k", key).execute();
  }

  private static int count(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.select("SELECT count(*) FROM t").mapTo(Integer.class).one());
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Runnable guarded(Queue<Throwable> failures, Body body) {
    return () -> {
      try {
        body.run();
      } catch (Throwable e) {
        failures.add(e);
      }
    };
  }
}
