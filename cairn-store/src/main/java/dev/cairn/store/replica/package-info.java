/**
 * What lets several servers share one PostgreSQL database: dispatch candidates claimed with {@code
 * SELECT ... FOR UPDATE SKIP LOCKED}, long-poll wake-ups carried between servers by {@code
 * LISTEN/NOTIFY}, and one server at a time elected to run the periodic sweeps by an advisory lock.
 * Used only by {@link dev.cairn.store.Store}.
 */
package dev.cairn.store.replica;
