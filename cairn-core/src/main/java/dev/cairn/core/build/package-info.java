/**
 * Builds as event histories: the sealed {@link dev.cairn.core.build.BuildEvent} family and {@link
 * dev.cairn.core.build.BuildState}, the fold of a history. Used by the decider, the services and
 * the store adapters.
 */
package dev.cairn.core.build;
