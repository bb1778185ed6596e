/**
 * Access: agent registration, and the tokens (registration, agent, job, API) by which callers are
 * recognised, all stored as hashes. Used by the server's HTTP handlers.
 */
package dev.cairn.core.access;
