/**
 * The built-in secret store: secret values encrypted with AES-GCM under a key kept in the data
 * directory. Used by the server's wiring only.
 */
package dev.cairn.store.secret;
