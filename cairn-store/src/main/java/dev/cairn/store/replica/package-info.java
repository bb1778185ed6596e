/**
 * What lets several servers share one PostgreSQL database: dispatch candidates claimed with {@code
 * SELECT ... FOR UPDATE SKIP LOCKED} and long-poll wake-ups carried between servers by {@code
 * LISTEN/NOTIFY}. Used only by {@link dev.cairn.store.Store}.
 */
package dev.cairn.store.replica;
