/**
 * The Cairn server: its configuration record. The HTTP surface lives in {@code agentapi} (the
 * Buildkite agent API under {@code /v3}) and {@code rest} (the REST API under {@code /v2}); {@code
 * wiring} is the composition root and the only place that touches the store.
 */
package dev.cairn.server;
