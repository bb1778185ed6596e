package dev.cairn.it;

import dev.cairn.store.Store;
import dev.cairn.store.StoreConfig;
import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.HistoryReplay;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A real {@code cairn server} process for an end-to-end test class, on the embedded database in its
 * data directory or on a PostgreSQL database of its own ({@code --database-url}, from the test
 * kit's PostgreSQL). {@link #close} stops the server and then, with every process stopped, replays
 * every build the test left through the fold and the decider ({@link HistoryReplay}), so each
 * end-to-end build also proves its stored history replays; then it drops the PostgreSQL database.
 *
 * <p>End-to-end classes run once per database with {@code @ParameterizedClass} over {@link
 * #databases()}, which honours {@code -Dcairn.test.databases} like {@code @DatabaseTest} does.
 */
final class ServerOnDatabase implements AutoCloseable {
  final ServerProcess server;
  final Path work;
  private final Optional<TestDatabase> database;

  private ServerOnDatabase(ServerProcess server, Path work, Optional<TestDatabase> database) {
    this.server = server;
    this.work = work;
    this.database = database;
  }

  /** The databases end-to-end classes run on. */
  static List<TestDatabase.Kind> databases() {
    return DatabaseExtension.selected();
  }

  /**
   * Starts a server on {@code kind}, in a directory of its own under {@code root} (so the runs on
   * each database never share files), and waits until it answers.
   */
  static ServerOnDatabase start(TestDatabase.Kind kind, Path root)
      throws IOException, InterruptedException {
    Path work = Files.createDirectories(root.resolve(kind.name().toLowerCase(Locale.ROOT)));
    Path data = work.resolve("data");
    if (kind == TestDatabase.Kind.SQLITE) {
      return new ServerOnDatabase(ServerProcess.start(data), work, Optional.empty());
    }
    TestDatabase database = DatabaseExtension.create(kind);
    try {
      return new ServerOnDatabase(
          ServerProcess.startOn(database, data, "postgresql"), work, Optional.of(database));
    } catch (RuntimeException | InterruptedException e) {
      DatabaseExtension.release(database);
      throw e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      server.close();
      verifyHistories();
    } finally {
      database.ifPresent(DatabaseExtension::release);
    }
  }

  private void verifyHistories() {
    verifyHistories(
        database
            .map(db -> StoreConfig.postgres(db.jdbcUrl(), db.username(), db.password()))
            .orElseGet(() -> StoreConfig.embedded(server.dataDir())));
  }

  /**
   * Replays every build in the database of {@code config} through the fold and the decider; call it
   * with every server on that database stopped.
   */
  static void verifyHistories(StoreConfig config) {
    try (Store store = Store.open(config)) {
      for (String buildId :
          HistoryReplay.buildIds(config.jdbcUrl(), config.username(), config.password())) {
        HistoryReplay.verify(
            store.builds().history(buildId), store.builds().load(buildId).orElseThrow());
      }
    }
  }
}
