/**
 * Jobs: their states, the transition table between states, and the plan of a job as uploaded. Used
 * by the rest of {@code cairn-core} and by adapters that show jobs.
 */
package dev.cairn.core.job;
