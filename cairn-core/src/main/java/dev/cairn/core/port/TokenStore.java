package dev.cairn.core.port;

/**
 * Registration and API tokens, kept as SHA-256 hashes: tokens are random 256-bit values, so a fast
 * hash is enough and every request can afford it. Thread-safe.
 */
public interface TokenStore {
  enum Kind {
    REGISTRATION,
    API
  }

  void add(Kind kind, String tokenHash, String description);

  boolean exists(Kind kind, String tokenHash);
}
