package dev.cairn.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the database is: the embedded SQLite file ({@link #embedded}) or a PostgreSQL server
 * ({@link #postgres}). Validated on construction. The password, and a {@code password} parameter in
 * the URL, are masked in {@link #toString()} so the configuration can be logged.
 *
 * @param jdbcUrl {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}
 * @param username the database user, or empty (SQLite, or a user given in the URL)
 * @param password the database password, or empty
 * @param poolSize connections in the pool, 1 to 100
 */
public record StoreConfig(String jdbcUrl, String username, String password, int poolSize) {
  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRESQL = "jdbc:postgresql:";
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

  /** Connections for a server on PostgreSQL: long polls hold none while they wait. */
  public static final int DEFAULT_POSTGRES_POOL = 10;

  public StoreConfig {
    if (jdbcUrl == null || !(jdbcUrl.startsWith(SQLITE) || jdbcUrl.startsWith(POSTGRESQL))) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:postgresql:// (or jdbc:sqlite: for the embedded"
              + " database), got \""
              + (jdbcUrl == null ? "" : mask(jdbcUrl))
              + "\"");
    }
    if (poolSize < 1 || poolSize > 100) {
      throw new IllegalArgumentException("database pool size must be 1-100, got " + poolSize);
    }
    username = username == null ? "" : username;
    password = password == null ? "" : password;
  }

  /**
   * The embedded database: one SQLite file in {@code dataDir}, in WAL mode so readers never block
   * the writer, with immediate write transactions so two writers queue instead of failing.
   *
   * <p>{@code synchronous=NORMAL}: a commit writes its WAL frames to the file but does not wait for
   * the disk to flush them; the WAL is flushed at each checkpoint. A committed transaction survives
   * the server process crashing or being killed (the operating system holds the written pages), but
   * the last transactions before a power loss or kernel crash may be lost; the database is never
   * corrupted either way. SQLite's default ({@code FULL}) flushes on every commit, and as writers
   * are serial that capped the whole server at one transaction per flush (about 100-400 per second
   * here), several per job. Deployments that must survive power loss use PostgreSQL.
   */
  public static StoreConfig embedded(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("cairn.db");
    return new StoreConfig(
        SQLITE
            + file
            + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000&transaction_mode=IMMEDIATE"
            + "&foreign_keys=true",
        "",
        "",
        8);
  }

  /**
   * A PostgreSQL database; user and password may instead be parameters of the URL (leave these
   * empty then).
   */
  public static StoreConfig postgres(String jdbcUrl, String username, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith(POSTGRESQL)) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:postgresql://, got \""
              + (jdbcUrl == null ? "" : mask(jdbcUrl))
              + "\"");
    }
    return new StoreConfig(jdbcUrl, username, password, DEFAULT_POSTGRES_POOL);
  }

  public boolean isEmbedded() {
    return jdbcUrl.startsWith(SQLITE);
  }

  public boolean isPostgres() {
    return jdbcUrl.startsWith(POSTGRESQL);
  }

  private static String mask(String url) {
    return URL_PASSWORD.matcher(url).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return "StoreConfig[jdbcUrl="
        + mask(jdbcUrl)
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "none" : "***")
        + ", poolSize="
        + poolSize
        + "]";
  }
}
