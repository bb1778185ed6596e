/**
 * One spawned agent's life on the server (spec §2): register, connect, the heartbeat loop, the ping
 * loop with its actions (idle, pause, disconnect, job assignment and accept), and disconnect.
 * Internal to {@code cairn-agent}; used by {@code dev.cairn.agent.Agent} through {@link
 * dev.cairn.agent.worker.Worker}.
 */
package dev.cairn.agent.worker;
