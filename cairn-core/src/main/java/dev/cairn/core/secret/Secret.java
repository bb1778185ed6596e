package dev.cairn.core.secret;

import java.util.Objects;

/**
 * A secret value. {@link #toString()} never shows it, so a secret logged or put in a message by
 * mistake stays hidden; only {@link #reveal()} gives the value, and only where it must leave the
 * server (to the job that asked, or to the encrypting store).
 */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[***]";
  }
}
