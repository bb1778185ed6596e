package dev.cairn.agent.log;

/** How a job's log lines are stamped with the time they were printed (spec §10.1). */
public enum LogTimestamps {
  /** The official agent's default: {@code ESC _ bk;t=<unix ms> BEL} before each line. */
  ANSI,
  /** {@code [<RFC 3339 time>] } before each line but headers ({@code --timestamp-lines}). */
  LINE_PREFIX,
  /** None ({@code --no-ansi-timestamps} alone). */
  NONE
}
