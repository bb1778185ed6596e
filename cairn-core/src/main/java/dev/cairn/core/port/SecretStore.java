package dev.cairn.core.port;

import dev.cairn.core.secret.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * Secrets of an organization, encrypted at rest by the implementation (values never reach the
 * database in the clear, and are never logged). Thread-safe.
 */
public interface SecretStore {
  /** A stored secret and its id, which stays the same when the value is replaced. */
  record Stored(String id, Secret value) {}

  /** Sets the secret, returning its id. */
  String put(String organization, String key, Secret value, Instant at);

  Optional<Stored> get(String organization, String key);
}
