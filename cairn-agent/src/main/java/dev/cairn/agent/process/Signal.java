package dev.cairn.agent.process;

/** The signals the agent sends to jobs, named as the finish call reports them. */
public enum Signal {
  SIGTERM(15),
  SIGKILL(9);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /**
   * Whether {@code exitStatus} is how the JDK reports a process killed by this signal (128 plus the
   * signal number; the JDK cannot tell that apart from a program exiting with that code).
   */
  public boolean killed(int exitStatus) {
    return exitStatus == 128 + number;
  }

  String shortName() {
    return name().substring("SIG".length());
  }
}
