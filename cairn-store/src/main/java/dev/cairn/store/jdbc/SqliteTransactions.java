package dev.cairn.store.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Transactions on the embedded database as SQL statements ({@code BEGIN IMMEDIATE}, {@code COMMIT},
 * {@code ROLLBACK}) on a connection left in auto-commit mode. JDBI's usual handler turns
 * auto-commit off and on again, and the SQLite driver answers each commit by beginning the next
 * transaction at once, which turning auto-commit back on then commits empty: four statements and
 * the write lock taken twice for every transaction, on the path of every job transition.
 *
 * <p>{@code IMMEDIATE} takes the write lock at the start, as the connection's {@code
 * transaction_mode=IMMEDIATE} did, so two writers never deadlock upgrading read locks. SQLite's
 * transactions are serializable, so a requested isolation level changes nothing. A transaction
 * inside a transaction joins it. One instance per handle ({@link #specialize}); not thread-safe, as
 * a handle is not.
 *
 * <p>A transaction holds the process's {@link SqliteWriteLock} from before its {@code BEGIN} until
 * its {@code COMMIT} or {@code ROLLBACK} is done.
 */
public final class SqliteTransactions implements TransactionHandler {
  private final SqliteWriteLock writes;
  private boolean open;

  public SqliteTransactions(SqliteWriteLock writes) {
    this.writes = writes;
  }

  @Override
  public TransactionHandler specialize(Handle handle) {
    return new SqliteTransactions(writes);
  }

  @Override
  public void begin(Handle handle) {
    writes.acquire();
    try {
      run(handle, "BEGIN IMMEDIATE");
    } catch (RuntimeException e) {
      writes.release();
      throw e;
    }
    open = true;
  }

  /** On failure the transaction stays open, and the lock held, until {@link #rollback}. */
  @Override
  public void commit(Handle handle) {
    run(handle, "COMMIT");
    open = false;
    writes.release();
  }

  @Override
  public void rollback(Handle handle) {
    if (!open) {
      return;
    }
    open = false;
    try {
      run(handle, "ROLLBACK");
    } finally {
      writes.release();
    }
  }

  @Override
  public boolean isInTransaction(Handle handle) {
    return open;
  }

  @Override
  public void savepoint(Handle handle, String name) {
    run(handle, "SAVEPOINT \"" + name.replace("\"", "\"\"") + "\"");
  }

  @Override
  public void rollbackToSavepoint(Handle handle, String name) {
    run(handle, "ROLLBACK TO SAVEPOINT \"" + name.replace("\"", "\"\"") + "\"");
  }

  @Override
  public void releaseSavepoint(Handle handle, String name) {
    run(handle, "RELEASE SAVEPOINT \"" + name.replace("\"", "\"\"") + "\"");
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    if (open) {
      return callback.withHandle(handle);
    }
    begin(handle);
    R result;
    try {
      result = callback.withHandle(handle);
    } catch (Throwable failure) {
      rollbackAfter(handle, failure);
      throw failure;
    }
    try {
      commit(handle);
    } catch (RuntimeException failure) {
      rollbackAfter(handle, failure);
      throw failure;
    }
    return result;
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    return inTransaction(handle, callback);
  }

  /** Rolls back after {@code failure}; SQLite may have rolled back itself already. */
  private void rollbackAfter(Handle handle, Throwable failure) {
    try {
      rollback(handle);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void run(Handle handle, String sql) {
    try (Statement statement = handle.getConnection().createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new TransactionException("failed to " + sql, e);
    }
  }
}
