package dev.cairn.agent.process;

/** The signals the agent sends to jobs, named as the finish call reports them. */
public enum Signal {
  SIGHUP(1),
  SIGINT(2),
  SIGQUIT(3),
  SIGKILL(9),
  SIGUSR1(10),
  SIGUSR2(12),
  SIGTERM(15);

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

  /** The signal named {@code name}, with or without its {@code SIG} prefix, any case. */
  public static Signal parse(String name) {
    String upper = name.strip().toUpperCase(java.util.Locale.ROOT);
    String full = upper.startsWith("SIG") ? upper : "SIG" + upper;
    for (Signal signal : values()) {
      if (signal.name().equals(full)) {
        return signal;
      }
    }
    throw new IllegalArgumentException("unknown signal " + name);
  }

  int number() {
    return number;
  }

  String shortName() {
    return name().substring("SIG".length());
  }
}
