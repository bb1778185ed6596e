package dev.cairn.store;

import java.nio.file.Path;

/**
 * Where the database is. {@code password} is masked in {@link #toString()} so the configuration can
 * be logged.
 */
public record StoreConfig(String jdbcUrl, String username, String password, int poolSize) {

  /**
   * The embedded database: one SQLite file in {@code dataDir}, in WAL mode so readers never block
   * the writer, with immediate write transactions so two writers queue instead of failing.
   */
  public static StoreConfig embedded(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("cairn.db");
    return new StoreConfig(
        "jdbc:sqlite:"
            + file
            + "?journal_mode=WAL&busy_timeout=10000&transaction_mode=IMMEDIATE&foreign_keys=true",
        "",
        "",
        8);
  }

  public boolean isEmbedded() {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }

  @Override
  public String toString() {
    return "StoreConfig[jdbcUrl="
        + jdbcUrl
        + ", username="
        + username
        + ", password=***, poolSize="
        + poolSize
        + "]";
  }
}
