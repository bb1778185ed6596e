package dev.cairn.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs once per database, the way jdbi's tests do: on the embedded SQLite
 * database and on PostgreSQL. The test and its {@code @BeforeEach} methods take a {@link
 * TestDatabase} parameter; see {@link DatabaseExtension}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(DatabaseExtension.class)
public @interface DatabaseTest {}
