/**
 * The pure decider: commands in, events out, with the rules of scheduling (dependencies, waits,
 * failure, cancellation) and no I/O. Used by the services of {@code cairn-core}.
 */
package dev.cairn.core.decide;
