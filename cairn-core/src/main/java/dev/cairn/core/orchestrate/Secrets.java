package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.port.SecretStore;
import dev.cairn.core.secret.Secret;
import java.time.InstantSource;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built-in secret store: secrets belong to an organization and are released to the running jobs
 * of that organization's builds (the only policy so far). Values are never logged and never put in
 * messages. Thread-safe.
 */
public final class Secrets {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  private final SecretStore store;
  private final InstantSource clock;

  public Secrets(SecretStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Sets a secret, returning its id; refused when the key is not a valid name. */
  public Result<String> put(String organization, String key, Secret value) {
    if (key == null || !KEY.matcher(key).matches()) {
      return new Result.Refused<>(
          "a secret key is a letter or underscore, then letters, digits or underscores"
              + " (at most 255)");
    }
    return new Result.Done<>(store.put(organization, key, value, clock.instant()));
  }

  /** The secret a job of {@code build} asks for, if its organization has it. */
  public Optional<SecretStore.Stored> forJob(BuildState build, String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    return store.get(build.created().organization(), key);
  }
}
