package dev.cairn.testkit;

import java.nio.file.Path;

/**
 * A database for one test: the embedded SQLite file in {@code directory}, or an empty PostgreSQL
 * database of its own. {@code directory} is a fresh temporary directory either way (the SQLite
 * file, key files and artifacts go there). The password is masked in {@link #toString()}.
 *
 * @param kind which database
 * @param directory a fresh directory owned by the test
 * @param jdbcUrl the JDBC URL ({@code jdbc:sqlite:...} for SQLite, informational only)
 * @param username the PostgreSQL user, empty for SQLite
 * @param password the PostgreSQL password, empty for SQLite
 */
public record TestDatabase(
    Kind kind, Path directory, String jdbcUrl, String username, String password) {

  /** The databases Cairn runs on. */
  public enum Kind {
    SQLITE,
    POSTGRESQL
  }

  /** The embedded database in {@code directory}. */
  public static TestDatabase sqlite(Path directory) {
    return new TestDatabase(
        Kind.SQLITE, directory, "jdbc:sqlite:" + directory.resolve("cairn.db"), "", "");
  }

  public boolean isPostgres() {
    return kind == Kind.POSTGRESQL;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + jdbcUrl;
  }
}
