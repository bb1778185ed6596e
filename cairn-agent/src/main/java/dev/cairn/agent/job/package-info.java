/**
 * Running one accepted job (spec §3.4–3.8): start, environment, working directory, the command's
 * child process, log streaming, the cancellation poller and finish. Internal to {@code
 * cairn-agent}; used by the {@code worker} package through {@link dev.cairn.agent.job.JobRunner}.
 */
package dev.cairn.agent.job;
