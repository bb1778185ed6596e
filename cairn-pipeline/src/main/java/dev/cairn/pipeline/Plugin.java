package dev.cairn.pipeline;

import java.util.Optional;

/**
 * One plugin of a step, in run order: its source as written ({@code docker#v5.0.0}, a Git URL or a
 * path) and its configuration as plain data (maps, lists, strings, numbers, booleans), empty when
 * the plugin has none.
 */
public record Plugin(String source, Optional<Object> config) {}
