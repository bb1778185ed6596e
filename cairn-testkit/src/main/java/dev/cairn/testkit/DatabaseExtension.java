package dev.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs each {@link DatabaseTest} once per database: {@code [sqlite]} in a fresh directory and
 * {@code [postgresql]} in a fresh database on the JVM's one PostgreSQL server ({@link
 * TestPostgres}). The database is made when the first parameter of type {@link TestDatabase} is
 * resolved (normally by a {@code @BeforeEach} method) and the same one is handed to the test, so a
 * test can reopen it (a restart); afterwards the PostgreSQL database is dropped and the directory
 * deleted.
 *
 * <p>The system property {@code cairn.test.databases} (a comma-separated subset of {@code
 * sqlite,postgresql}) narrows the run, for example to iterate quickly on SQLite alone.
 */
public final class DatabaseExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return true;
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return selected().stream().map(Invocation::new);
  }

  /** The databases to run on, from {@code cairn.test.databases}; both by default. */
  public static List<TestDatabase.Kind> selected() {
    String wanted = System.getProperty("cairn.test.databases", "sqlite,postgresql");
    return Arrays.stream(wanted.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> TestDatabase.Kind.valueOf(s.toUpperCase(Locale.ROOT)))
        .toList();
  }

  /** A fresh database of {@code kind} with a fresh directory; {@link #release} it afterwards. */
  public static TestDatabase create(TestDatabase.Kind kind) {
    try {
      Path directory = Files.createTempDirectory("cairn-db-");
      return kind == TestDatabase.Kind.POSTGRESQL
          ? TestPostgres.newDatabase(directory)
          : TestDatabase.sqlite(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops the database (PostgreSQL) and deletes its directory. */
  public static void release(TestDatabase database) {
    TestPostgres.drop(database);
    try (Stream<Path> files = Files.walk(database.directory())) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + database.directory(), e);
    }
  }

  private static final class Invocation implements TestTemplateInvocationContext {
    private final TestDatabase.Kind kind;

    Invocation(TestDatabase.Kind kind) {
      this.kind = kind;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + kind.name().toLowerCase(Locale.ROOT) + "]";
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Provider(kind));
    }
  }

  /** Hands out one database per invocation and releases it after the test. */
  private static final class Provider implements ParameterResolver, AfterEachCallback {
    private final TestDatabase.Kind kind;
    private TestDatabase database;

    Provider(TestDatabase.Kind kind) {
      this.kind = kind;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public synchronized Object resolveParameter(
        ParameterContext parameter, ExtensionContext context) {
      if (database == null) {
        database = create(kind);
      }
      return database;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
      if (database != null) {
        release(database);
        database = null;
      }
    }
  }
}
