/**
 * A job's log on its way to the server (spec §3.6, §10.1): output is timestamped at every line
 * start, buffered, cut every interval into chunks of at most the server's chunk size and uploaded
 * by up to three concurrent senders. Internal to {@code cairn-agent}; used by the {@code job}
 * package through {@link dev.cairn.agent.log.LogStreamer}.
 */
package dev.cairn.agent.log;
