package dev.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements on the embedded database are prepared once per connection and then reused. */
final class CachedStatementsTest {
  @TempDir Path dir;

  @Test
  void aStatementRunAgainOnTheSameConnectionReusesItsPreparedStatement() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("t.db"));
    config.setMaximumPoolSize(1);
    try (HikariDataSource data = new HikariDataSource(config)) {
      Jdbi jdbi = Jdbi.create(data);
      jdbi.setStatementBuilderFactory(new CachedStatements());
      List<Statement> used = new ArrayList<>();
      jdbi.useHandle(h -> h.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"));
      for (int i = 0; i < 3; i++) {
        int n = i;
        jdbi.useTransaction(h -> {
          h.createUpdate("INSERT INTO t (k, v) VALUES (:k, :v)")
              .bind("k", "k" + n)
              .bind("v", n)
              .addCustomizer(recording(used))
              .execute();
        });
      }
      List<Integer> values =
          jdbi.withHandle(
              h -> h.createQuery("SELECT v FROM t ORDER BY k").mapTo(Integer.class).list());
      assertThat(values).containsExactly(0, 1, 2);
      assertThat(used).hasSize(3);
      assertThat(used.get(1)).isSameAs(used.get(0));
      assertThat(used.get(2)).isSameAs(used.get(0));
    }
  }

  private static StatementCustomizer recording(List<Statement> used) {
    return new StatementCustomizer() {
      @Override
      public void beforeExecution(java.sql.PreparedStatement stmt, StatementContext ctx) {
        used.add(stmt);
      }
    };
  }
}
