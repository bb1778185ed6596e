package dev.cairn.agent.command;

/**
 * An in-job command that cannot do what it was asked, with the exit status the process should end
 * with. Messages name settings and keys, never secret values.
 */
public final class CommandException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The exit status for wrong or missing arguments and environment. */
  public static final int USAGE = 2;

  /** The exit status for a failed API call or file operation. */
  public static final int FAILED = 1;

  private final int exitStatus;

  CommandException(String message, int exitStatus, Throwable cause) {
    super(message, cause);
    this.exitStatus = exitStatus;
  }

  static CommandException usage(String message) {
    return new CommandException(message, USAGE, null);
  }

  static CommandException failed(String message, Throwable cause) {
    return new CommandException(message, FAILED, cause);
  }

  public int exitStatus() {
    return exitStatus;
  }
}
