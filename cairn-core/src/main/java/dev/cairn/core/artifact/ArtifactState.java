package dev.cairn.core.artifact;

import java.util.Locale;
import java.util.Optional;

/** An artifact's state, named as the agent API names it. */
public enum ArtifactState {
  /** Created; its upload has not been reported yet. */
  NEW,
  FINISHED,
  ERROR;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with this wire name, if there is one. */
  public static Optional<ArtifactState> of(String apiName) {
    for (ArtifactState state : values()) {
      if (state.apiName().equals(apiName)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
