/**
 * One JDBC adapter per port of {@code cairn-core}, written in SQL that runs unchanged on SQLite and
 * PostgreSQL. Used only by {@link dev.cairn.store.Store}.
 */
package dev.cairn.store.jdbc;
