package dev.cairn.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/**
 * Runs the statements of every job transition on a JDBI handle's connection with plain JDBC. JDBI
 * builds a statement context, copies its configuration and looks up an argument factory for each
 * bound value on every statement, which was a tenth of the server's work on trivial jobs; these few
 * statements bind strings and numbers by position instead. On the embedded database the prepared
 * statements are the connection's kept ones ({@link CachedStatements}); on PostgreSQL each is
 * prepared and closed, as its driver keeps server-side prepared statements itself.
 *
 * <p>Statements that write must run inside a JDBI transaction, which holds the embedded database's
 * {@link SqliteWriteLock}. Thread-safe; a handle is used by one thread at a time.
 */
final class DirectStatements {
  /** The work done with one prepared statement. */
  @FunctionalInterface
  interface Work<R> {
    R with(PreparedStatement statement) throws SQLException;
  }

  private final CachedStatements kept;

  /** With {@code kept} null, each statement is prepared and closed. */
  DirectStatements(CachedStatements kept) {
    this.kept = kept;
  }

  <R> R run(Handle handle, String sql, Work<R> work) {
    Connection connection = handle.getConnection();
    try {
      PreparedStatement statement = kept == null ? null : kept.kept(connection, sql);
      if (statement == null) {
        try (PreparedStatement own = connection.prepareStatement(sql)) {
          return work.with(own);
        }
      }
      try {
        return work.with(statement);
      } finally {
        // Kept for the next use, which must find no batch a failure left half built.
        statement.clearBatch();
        statement.clearParameters();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the database refused " + firstWords(sql), e);
    }
  }

  /** The statement's start, enough to name it in an error without its values. */
  private static String firstWords(String sql) {
    return sql.length() <= 60 ? sql : sql.substring(0, 60) + "…";
  }
}
