/**
 * The composition root: opens the store, builds the core services over its ports, and starts the
 * HTTP server. The only package of the server that may touch {@code cairn-store}.
 */
package dev.cairn.server.wiring;
