/**
 * The Buildkite agent API under {@code /v3}, one handler per resource: registration, the agent's
 * connection (connect, disconnect, heartbeat), ping and dispatch, jobs, and log chunks. Handlers
 * translate HTTP to calls on {@code cairn-core} and nothing else. See {@code
 * shared/specs/agent-api.md}.
 */
package dev.cairn.server.agentapi;
