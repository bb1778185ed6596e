package dev.cairn.pipeline;

import java.util.Locale;

/** What a planned job does: run a command, wait, block, collect input, or trigger a build. */
public enum JobKind {
  COMMAND,
  WAIT,
  BLOCK,
  INPUT,
  TRIGGER;

  /** The lower-case word used in JSON and messages. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
