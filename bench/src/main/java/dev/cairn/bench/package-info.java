/**
 * Benchmark programs that print figures (STYLE rule 13, DESIGN "Testing"): each {@code *Bench}
 * class has a {@code main} that measures one thing and prints it with its unit and the target from
 * the issue that asked for it. They are run by {@code bench/run.sh}, never by the unit-test run,
 * and nothing depends on this package.
 */
package dev.cairn.bench;
