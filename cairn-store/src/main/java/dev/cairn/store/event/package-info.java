/** The JSON encoding of stored events and projections. Used only inside {@code cairn-store}. */
package dev.cairn.store.event;
