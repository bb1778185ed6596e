/**
 * The agent's optional health check server ({@code --health-check-addr}): {@code GET /} says the
 * agent runs, {@code GET /status.json} reports each worker's state, as the official agent's {@code
 * agent/agent_pool.go} does. Internal to {@code cairn-agent}; started and stopped by {@code
 * dev.cairn.agent.Agent}, and loaded only when asked for, so an agent without it starts no faster
 * or slower for its existence.
 */
package dev.cairn.agent.health;
