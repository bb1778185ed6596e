/**
 * Artifacts: the files a job uploads, as the server knows them (path, size, digests, state), and
 * how searches match them. Pure values; the service is {@code orchestrate.Artifacts}. Used by the
 * ports, the store and the server.
 */
package dev.cairn.core.artifact;
