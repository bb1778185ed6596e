/**
 * Artifact bytes on the local file system, under {@code <data-dir>/artifacts}. Used by the server's
 * wiring only.
 */
package dev.cairn.store.artifact;
