/**
 * Job lifecycle hooks (spec §6): finding agent hooks (the hooks path), repository hooks ({@code
 * .buildkite/hooks} in the checkout) and plugin hooks ({@code hooks/} of a plugin checkout), and
 * running one sourced in a bash wrapper that records the environment and working directory it
 * leaves behind, so the job runner can carry a hook's exports to later hooks and the command.
 * Internal to {@code cairn-agent}; used by the {@code job} package.
 */
package dev.cairn.agent.hook;
