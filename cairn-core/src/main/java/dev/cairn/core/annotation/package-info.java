/**
 * Annotations: the notes jobs add to their build ({@code buildkite-agent annotate}), with style,
 * context, priority and scope. Pure values and rules; the service is {@code
 * orchestrate.Annotations}.
 */
package dev.cairn.core.annotation;
