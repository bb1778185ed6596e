/**
 * Buildkite plugins as a job names them (spec §7): the {@code BUILDKITE_PLUGINS} JSON read into
 * {@link dev.cairn.agent.plugin.Plugin}s, shorthand sources expanded, names and checkout
 * directories derived, and each plugin's configuration turned into the {@code BUILDKITE_PLUGIN_*}
 * variables its hooks see. Pure (no processes, no files); the {@code job} package clones plugins
 * and runs their hooks. Internal to {@code cairn-agent}.
 */
package dev.cairn.agent.plugin;
