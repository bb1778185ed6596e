package dev.cairn.store.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The embedded database's one writer at a time, taken in Java before SQLite is asked for its write
 * lock. SQLite lets one connection write at a time, and a connection that finds another writing
 * waits in the driver's busy handler, which sleeps in native code. A virtual thread in native code
 * keeps its carrier, so as soon as as many writers wait there as there are carriers (two on a
 * 2-core machine), the virtual thread that holds the write lock, parked for any reason between two
 * statements, can never run again to commit: every writer waits out the busy timeout and fails.
 * Waiting on this lock instead parks the virtual thread and frees its carrier; the hand-over is
 * also immediate, where the busy handler polls with sleeps of 1 ms and more.
 *
 * <p>A transaction ({@link SqliteTransactions}) holds it from {@code BEGIN} to {@code COMMIT} or
 * {@code ROLLBACK}; a statement that writes outside a transaction ({@link #around}) holds it from
 * its creation until it is closed. Reentrant, so a write inside a transaction passes. Reads take
 * nothing: in WAL mode they never wait for a writer. Thread-safe.
 */
public final class SqliteWriteLock {
  private final ReentrantLock lock = new ReentrantLock();

  /** Waits until this thread is the writer; each call is matched by one {@link #release}. */
  void acquire() {
    lock.lock();
  }

  void release() {
    lock.unlock();
  }

  /** Statement builders that hold this lock for the life of every statement that may write. */
  public StatementBuilderFactory around(StatementBuilderFactory statements) {
    return connection -> new Builder(statements.createStatementBuilder(connection));
  }

  /**
   * Whether {@code sql} may write. Everything but a query is counted as a write, so that a
   * statement this does not recognise errs on the side of waiting.
   */
  static boolean writes(String sql) {
    return !sql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
  }

  /** One handle's builder: used by one thread, so its set of locking statements needs no guard. */
  private final class Builder implements StatementBuilder {
    private final StatementBuilder inner;
    private final Set<Statement> holding = Collections.newSetFromMap(new IdentityHashMap<>());

    Builder(StatementBuilder inner) {
      this.inner = inner;
    }

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
      // A plain statement gets its SQL only when executed; none of the stores use one to write.
      return inner.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      if (!writes(sql)) {
        return inner.create(conn, sql, ctx);
      }
      acquire();
      try {
        PreparedStatement statement = inner.create(conn, sql, ctx);
        if (holding.add(statement)) {
          return statement;
        }
        // The same kept statement twice at once (one not yet closed): hold the lock once for it.
        release();
        return statement;
      } catch (SQLException | RuntimeException e) {
        release();
        throw e;
      }
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      return inner.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
      try {
        inner.close(conn, sql, stmt);
      } finally {
        if (stmt != null && holding.remove(stmt)) {
          release();
        }
      }
    }
  }
}
