package dev.cairn.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import dev.cairn.store.jdbc.JdbcAgentStore;
import dev.cairn.store.jdbc.JdbcAnnotationStore;
import dev.cairn.store.jdbc.JdbcArtifactStore;
import dev.cairn.store.jdbc.JdbcAttributeStore;
import dev.cairn.store.jdbc.JdbcBuildStore;
import dev.cairn.store.jdbc.JdbcLogStore;
import dev.cairn.store.jdbc.JdbcMetaDataStore;
import dev.cairn.store.jdbc.JdbcOrganizationStore;
import dev.cairn.store.jdbc.JdbcTokenStore;
import dev.cairn.store.secret.EncryptedSecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * An open database with its migrations applied, and the port adapters over it. Close it to release
 * the connection pool. Thread-safe.
 */
public final class Store implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Store(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens the database, creating the data directory for the embedded one, and migrates it. */
  public static Store open(StoreConfig config) {
    if (config.isEmbedded()) {
      createParent(config.jdbcUrl());
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.username());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("cairn");
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
    return new Store(dataSource);
  }

  private static void createParent(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    Path file = Path.of(query < 0 ? path : path.substring(0, query));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create data directory for " + file, e);
    }
  }

  public BuildStore builds() {
    return new JdbcBuildStore(jdbi);
  }

  public AgentStore agents() {
    return new JdbcAgentStore(jdbi);
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

  @Override
  public void close() {
    dataSource.close();
  }
}
