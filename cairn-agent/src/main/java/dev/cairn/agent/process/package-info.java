/**
 * Child processes for jobs: started in their own process group (via {@code setsid} when the host
 * has it) with stdout and stderr merged — on a {@link dev.cairn.agent.process.PseudoTerminal} that
 * is their controlling terminal, as the official agent runs jobs by default, or on pipes with
 * {@code --no-pty} — and stopped the way the official agent stops a job (spec §9.1): the cancel
 * signal to the whole group, a grace period, then SIGKILL. The terminal is reached through libc
 * with JNA ({@code Libc}). On Linux with glibc 2.34 or later a step is spawned straight into its
 * program with {@code posix_spawn} ({@code DirectSpawn}), which does what {@link ProcessBuilder}
 * with {@code /bin/sh} and {@code setsid} did at a fraction of the cost; elsewhere, and for what
 * that cannot start, the {@link ProcessBuilder} route remains. Internal to {@code cairn-agent};
 * used by the {@code job} package.
 */
package dev.cairn.agent.process;
