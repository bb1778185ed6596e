package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command step. {@code command} is the script the agent runs: a list of commands is joined with
 * newlines. {@code agents} holds the agent query rules ({@code queue} and tags).
 */
public record CommandStep(
    Optional<String> key,
    Optional<String> label,
    String command,
    Optional<List<Dependency>> dependsOn,
    Map<String, String> env,
    Map<String, String> agents,
    Location location)
    implements Step {}
