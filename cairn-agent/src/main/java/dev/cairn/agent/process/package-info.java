/**
 * Child processes for jobs: started in their own process group (via {@code setsid} when the host
 * has it) with stdout and stderr merged, and stopped the way the official agent stops a job (spec
 * §9.1): the cancel signal to the whole group, a grace period, then SIGKILL. Internal to {@code
 * cairn-agent}; used by the {@code job} package.
 */
package dev.cairn.agent.process;
