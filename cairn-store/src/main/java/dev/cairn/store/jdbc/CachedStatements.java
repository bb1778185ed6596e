package dev.cairn.store.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of each embedded-database connection for reuse, by SQL text. The
 * SQLite driver compiles every statement it is asked to prepare, and the pool keeps none, so each
 * of the few statements a job's requests run was compiled anew every time: a tenth of the server's
 * work on trivial jobs. PostgreSQL's driver keeps server-side prepared statements itself, so this
 * is for SQLite only.
 *
 * <p>Statements are prepared on the pooled connection's underlying connection, which the pool hands
 * to one thread at a time; a statement is reset by the driver before each execution, and JDBI binds
 * every parameter and closes every result set, so a reused statement carries nothing over.
 * Statements asking for generated keys or updatable results are not kept. When a new connection
 * appears, the statements of connections the pool has closed are dropped. Thread-safe.
 */
public final class CachedStatements implements StatementBuilderFactory {
  /** More distinct statements than this on one connection are prepared and closed as usual. */
  private static final int PER_CONNECTION = 256;

  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      new ConcurrentHashMap<>();

  @Override
  public StatementBuilder createStatementBuilder(Connection pooled) {
    Connection raw;
    try {
      raw = pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
    } catch (SQLException e) {
      return DefaultStatementBuilder.FACTORY.createStatementBuilder(pooled);
    }
    return new Builder(raw, statementsOf(raw));
  }

  /**
   * The kept statement of {@code sql} on the connection under {@code pooled}, prepared on first
   * use; null when that connection keeps as many as it may, so the caller prepares and closes its
   * own. For statements run without JDBI ({@link DirectStatements}), by the thread holding {@code
   * pooled}.
   */
  PreparedStatement kept(Connection pooled, String sql) throws SQLException {
    Connection raw =
        pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
    return keep(raw, statementsOf(raw), sql);
  }

  private Map<String, PreparedStatement> statementsOf(Connection raw) {
    Map<String, PreparedStatement> statements = byConnection.get(raw);
    if (statements == null) {
      forgetClosedConnections();
      statements = byConnection.computeIfAbsent(raw, c -> new HashMap<>());
    }
    return statements;
  }

  /** The kept statement of {@code sql}, prepared now if new; null if {@code statements} is full. */
  private static PreparedStatement keep(
      Connection raw, Map<String, PreparedStatement> statements, String sql) throws SQLException {
    PreparedStatement kept = statements.get(sql);
    if (kept != null && !kept.isClosed()) {
      return kept;
    }
    if (statements.size() >= PER_CONNECTION) {
      return null;
    }
    PreparedStatement prepared = raw.prepareStatement(sql);
    statements.put(sql, prepared);
    return prepared;
  }

  private void forgetClosedConnections() {
    byConnection
        .keySet()
        .removeIf(c -> {
          try {
            return c.isClosed();
          } catch (SQLException e) {
            return true;
          }
        });
  }

  /** The statement builder of one handle: its connection's statements, used by one thread. */
  private static final class Builder implements StatementBuilder {
    private final StatementBuilder plain = new DefaultStatementBuilder();
    private final Connection raw;
    private final Map<String, PreparedStatement> statements;

    Builder(Connection raw, Map<String, PreparedStatement> statements) {
      this.raw = raw;
      this.statements = statements;
    }

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
      return plain.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
        return plain.create(conn, sql, ctx);
      }
      PreparedStatement kept = keep(raw, statements, sql);
      return kept != null ? kept : plain.create(conn, sql, ctx);
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      return plain.createCall(conn, sql, ctx);
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
      // JDBI names the statement here by its SQL before parsing (with named parameters), not by the
      // SQL it was prepared from, so a kept statement is recognised by its identity.
      if (stmt != null && isKept(stmt)) {
        // Kept for the next use; a batch left half built by a failure must not run then.
        ((PreparedStatement) stmt).clearBatch();
        return;
      }
      plain.close(conn, sql, stmt);
    }

    @SuppressWarnings("ReferenceEquality") // The very statement kept, not an equal one.
    private boolean isKept(Statement stmt) {
      for (PreparedStatement kept : statements.values()) {
        if (kept == stmt) {
          return true;
        }
      }
      return false;
    }
  }
}
