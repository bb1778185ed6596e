/**
 * The Buildkite agent API under {@code /v3}, one handler per resource: registration, the agent's
 * connection (connect, disconnect, heartbeat), ping and dispatch, jobs (accept, acquire, start,
 * state, update, finish), log chunks and header times, meta-data, artifacts (and their signed
 * upload and download links), pipeline uploads, annotations, OIDC tokens, secrets, steps and build
 * cancellation. Handlers translate HTTP to calls on {@code cairn-core} and nothing else; {@link
 * dev.cairn.server.agentapi.JobAccess} guards every job- and build-scoped call. See {@code
 * shared/specs/agent-api.md}.
 */
package dev.cairn.server.agentapi;
