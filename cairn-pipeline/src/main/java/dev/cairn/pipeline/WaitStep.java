package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A wait step: a barrier that lets the steps below it run only once every step above it has passed,
 * or finished at all when {@code continueOnFailure} is set.
 */
public record WaitStep(
    Optional<String> key,
    Optional<List<Dependency>> dependsOn,
    boolean continueOnFailure,
    Location location)
    implements Step {}
