/**
 * The store: JDBC adapters for the ports of {@code cairn-core}, on the embedded database (SQLite,
 * one file under the data directory) or PostgreSQL, with Flyway migrations. Front door: {@link
 * dev.cairn.store.Store}. Only the server's wiring may use this package.
 */
package dev.cairn.store;
