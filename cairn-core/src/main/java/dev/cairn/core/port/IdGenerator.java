package dev.cairn.core.port;

/** Makes the ids of builds, jobs, steps and agents; injected so tests can make them predictable. */
@FunctionalInterface
public interface IdGenerator {
  String newId();

  /** Random version-4 UUIDs. */
  static IdGenerator randomUuids() {
    return () -> java.util.UUID.randomUUID().toString();
  }
}
