/**
 * The agent API's wire types: the JSON shapes exchanged between a build agent and the server under
 * {@code /v3}, as described in {@code shared/specs/agent-api.md}. Records only; no behaviour and no
 * I/O. Used by {@code cairn-server} and {@code cairn-agent}.
 */
package dev.cairn.protocol;
