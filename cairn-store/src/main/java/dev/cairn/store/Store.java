package dev.cairn.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.dispatch.CandidateLock;
import dev.cairn.core.dispatch.WorkSignal;
import dev.cairn.core.port.AgentStore;
import dev.cairn.core.port.AnnotationStore;
import dev.cairn.core.port.ArtifactFiles;
import dev.cairn.core.port.ArtifactStore;
import dev.cairn.core.port.AttributeStore;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.LogStore;
import dev.cairn.core.port.MetaDataStore;
import dev.cairn.core.port.OrganizationStore;
import dev.cairn.core.port.SecretStore;
import dev.cairn.core.port.TokenStore;
import dev.cairn.store.artifact.DirectoryArtifactFiles;
import dev.cairn.store.jdbc.CachedStatements;
import dev.cairn.store.jdbc.JdbcAgentStore;
import dev.cairn.store.jdbc.JdbcAnnotationStore;
import dev.cairn.store.jdbc.JdbcArtifactStore;
import dev.cairn.store.jdbc.JdbcAttributeStore;
import dev.cairn.store.jdbc.JdbcBuildStore;
import dev.cairn.store.jdbc.JdbcLogStore;
import dev.cairn.store.jdbc.JdbcMetaDataStore;
import dev.cairn.store.jdbc.JdbcOrganizationStore;
import dev.cairn.store.jdbc.JdbcTokenStore;
import dev.cairn.store.jdbc.SqliteTransactions;
import dev.cairn.store.jdbc.SqliteWriteLock;
import dev.cairn.store.replica.AdvisoryLockLeadership;
import dev.cairn.store.replica.NotifyingWorkSignal;
import dev.cairn.store.replica.SkipLockedCandidates;
import dev.cairn.store.secret.EncryptedSecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * An open database with its migrations applied, and the port adapters over it. Close it to release
 * the connection pool (and, on PostgreSQL, the listening connection). Thread-safe.
 *
 * <p>On PostgreSQL several servers may share the database: {@link #workSignal()} carries wake-ups
 * between them with {@code LISTEN/NOTIFY} and {@link #candidateLock()} claims dispatch candidates
 * with {@code FOR UPDATE SKIP LOCKED}, and {@link #sweepLeadership} elects the one server that runs
 * the periodic sweeps with an advisory lock. On the embedded database all three are in-process.
 */
public final class Store implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final JdbcBuildStore builds;
  private final JdbcAgentStore agents;
  private final WorkSignal signal;
  private final CandidateLock candidateLock;
  private final Optional<FileChannel> ownership;
  private final StoreConfig config;

  private Store(HikariDataSource dataSource, StoreConfig config, Optional<FileChannel> ownership) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    CachedStatements kept = null;
    if (config.isEmbedded()) {
      SqliteWriteLock writes = new SqliteWriteLock();
      kept = new CachedStatements();
      jdbi.setStatementBuilderFactory(writes.around(kept));
      jdbi.setTransactionHandler(new SqliteTransactions(writes));
    }
    this.ownership = ownership;
    this.config = config;
    boolean soleWriter = ownership.isPresent();
    this.builds = new JdbcBuildStore(jdbi, soleWriter, kept);
    this.agents = new JdbcAgentStore(jdbi, soleWriter);
    if (config.isPostgres()) {
      this.signal =
          new NotifyingWorkSignal(jdbi, config.jdbcUrl(), config.username(), config.password());
      this.candidateLock = new SkipLockedCandidates(jdbi);
    } else {
      this.signal = WorkSignal.inProcess();
      this.candidateLock = CandidateLock.none();
    }
  }

  /** Opens the database, creating the data directory for the embedded one, and migrates it. */
  public static Store open(StoreConfig config) {
    if (config.isEmbedded()) {
      createParent(config.jdbcUrl());
    }
    return open(config, Optional.empty());
  }

  /**
   * Like {@link #open}, for the server that owns the database: the embedded one is locked against a
   * second owner (another server on the same data directory) until {@link #close}, and, being its
   * only writer, this store then keeps builds and agents cached without asking the database whether
   * they changed on every use. PostgreSQL is shared by replicas, so it is opened as by {@link
   * #open}.
   *
   * @throws IllegalStateException when another server holds the embedded database
   */
  public static Store openOwned(StoreConfig config) {
    if (!config.isEmbedded()) {
      return open(config);
    }
    Path file = createParent(config.jdbcUrl());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the lock file " + lockFile, e);
    }
    try {
      if (channel.tryLock() == null) {
        throw new OverlappingFileLockException();
      }
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new IllegalStateException(
          "the embedded database "
              + file
              + " is in use by another Cairn server (it holds "
              + lockFile
              + "); stop that server or give this one another data directory",
          e);
    }
    try {
      return open(config, Optional.of(channel));
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing releases the lock; a failure to close leaves nothing else to undo.
    }
  }

  private static Store open(StoreConfig config, Optional<FileChannel> ownership) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    if (!config.username().isEmpty()) {
      hikari.setUsername(config.username());
    }
    if (!config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("cairn");
    if (config.isPostgres()) {
      hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    }
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/" + (config.isEmbedded() ? "sqlite" : "postgresql"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Store(dataSource, config, ownership);
  }

  /** Creates the directory of the embedded database file and returns the file. */
  private static Path createParent(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    Path file = Path.of(query < 0 ? path : path.substring(0, query));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create data directory for " + file, e);
    }
    return file.toAbsolutePath();
  }

  /** The build store; one instance per open store, so its cache of recent builds is shared. */
  public BuildStore builds() {
    return builds;
  }

  /** The agent store; one instance per open store, so its cache of agents is shared. */
  public AgentStore agents() {
    return agents;
  }

  public OrganizationStore organizations() {
    return new JdbcOrganizationStore(jdbi);
  }

  public TokenStore tokens() {
    return new JdbcTokenStore(jdbi);
  }

  public LogStore logs() {
    return new JdbcLogStore(jdbi);
  }

  public MetaDataStore metaData() {
    return new JdbcMetaDataStore(jdbi);
  }

  public AttributeStore attributes() {
    return new JdbcAttributeStore(jdbi);
  }

  public ArtifactStore artifacts() {
    return new JdbcArtifactStore(jdbi);
  }

  /** Artifact bytes as files under {@code directory} (normally {@code <data-dir>/artifacts}). */
  public static ArtifactFiles artifactFiles(Path directory) {
    return new DirectoryArtifactFiles(directory);
  }

  public AnnotationStore annotations() {
    return new JdbcAnnotationStore(jdbi);
  }

  /**
   * The built-in secret store, encrypting with the key in {@code keyFile} (created on first use).
   */
  public SecretStore secrets(Path keyFile, IdGenerator ids) {
    return new EncryptedSecretStore(jdbi, keyFile, ids);
  }

  /**
   * The one wake-up signal of this store: notify it when jobs become runnable, wait on it to hear
   * of them (from this server or, on PostgreSQL, from any server on the database).
   */
  public WorkSignal workSignal() {
    return signal;
  }

  /** How dispatch claims a candidate against other servers on the same database. */
  public CandidateLock candidateLock() {
    return candidateLock;
  }

  /**
   * Starts competing to run the periodic sweeps for every server on this database; close the result
   * to give them up. On the embedded database this server is alone and always leads. On PostgreSQL
   * one server at a time leads ({@link AdvisoryLockLeadership}); {@code willing} is asked on each
   * of its beats, and a leader that is no longer willing resigns.
   */
  public SweepLeadership sweepLeadership(BooleanSupplier willing) {
    if (!config.isPostgres()) {
      return SweepLeadership.sole();
    }
    return new AdvisoryLockLeadership(
        config.jdbcUrl(),
        config.username(),
        config.password(),
        willing,
        AdvisoryLockLeadership.Timing.DEFAULT);
  }

  @Override
  public void close() {
    if (signal instanceof NotifyingWorkSignal notifying) {
      notifying.close();
    }
    dataSource.close();
    ownership.ifPresent(Store::closeQuietly);
  }
}
