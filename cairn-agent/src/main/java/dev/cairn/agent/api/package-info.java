/**
 * The agent's HTTP client for the agent API ({@code shared/specs/agent-api.md} §1): one transport
 * over the JDK {@code HttpClient}, one client class per resource group ({@link
 * dev.cairn.agent.api.AgentsClient}, {@link dev.cairn.agent.api.PingsClient}, {@link
 * dev.cairn.agent.api.JobsClient}, {@link dev.cairn.agent.api.ChunksClient}), the single retry
 * classifier and the retry loop. Internal to {@code cairn-agent}: its types are public only so the
 * sibling packages {@code worker}, {@code job} and {@code log} can use them; no other module may.
 */
package dev.cairn.agent.api;
