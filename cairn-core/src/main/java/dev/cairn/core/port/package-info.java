/**
 * Ports: the interfaces through which {@code cairn-core} reaches storage and the outside. The
 * {@code cairn-store} module implements them; the server wires them together.
 */
package dev.cairn.core.port;
