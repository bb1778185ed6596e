/**
 * Cairn's build agent, the module's front door: {@link dev.cairn.agent.AgentConfig} (validated
 * settings), {@link dev.cairn.agent.Agent} (start, graceful or cancelling stop, await) and {@link
 * dev.cairn.agent.AgentListener} (job start and finish events). Speaks the Buildkite-compatible
 * agent API described in {@code shared/specs/agent-api.md}. The sub-packages {@code api}, {@code
 * worker}, {@code job}, {@code process} and {@code log} are internal to this module; other modules
 * (the CLI) use only this package.
 */
package dev.cairn.agent;
