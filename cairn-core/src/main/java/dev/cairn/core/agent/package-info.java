/** Agents: registration, tokens, connection and heartbeats. Used by the server's agent API. */
package dev.cairn.core.agent;
