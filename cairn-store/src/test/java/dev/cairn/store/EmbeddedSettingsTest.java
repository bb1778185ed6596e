package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's connections get the settings its durability argument rests on: WAL, and
 * commits that are written to the file (surviving a process crash) without a flush each.
 */
class EmbeddedSettingsTest {

  @Test
  void connectionsUseWalWithNormalSynchronous(@TempDir Path dir) throws SQLException {
    try (Store store = Store.open(StoreConfig.embedded(dir));
        Connection c = DriverManager.getConnection(StoreConfig.embedded(dir).jdbcUrl());
        Statement s = c.createStatement()) {
      assertThat(store.builds()).isNotNull();
      assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(s, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
    }
  }

  private static String pragma(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
