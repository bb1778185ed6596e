/**
 * Explanations of builds for people: a build's stored history replayed into the story of each job
 * (why it waited, ran, was skipped, broke or was retried). Pure; used by the server's explain
 * endpoint behind {@code cairn build explain}.
 */
package dev.cairn.core.explain;
