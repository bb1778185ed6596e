/**
 * Running one accepted job (spec §3.4–3.8): start, environment, working directory, the lifecycle of
 * hooks, plugins (cloned here) and the command in child processes, the job API socket, log
 * streaming, the cancellation poller with its clean-up grace window, and finish. Internal to {@code
 * cairn-agent}; used by the {@code worker} package through {@link dev.cairn.agent.job.JobRunner}.
 */
package dev.cairn.agent.job;
