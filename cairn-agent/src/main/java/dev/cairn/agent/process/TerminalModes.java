package dev.cairn.agent.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Switches a pseudo-terminal to raw mode, for the official agent's {@code pty-raw} experiment: no
 * output processing, so a step's {@code \n} reaches the log as it was written instead of as {@code
 * \r\n}, and no echo, line editing or signal characters.
 *
 * <p>Design note: the libc calls are bound here rather than in {@link Libc} so the experiment stays
 * apart from the terminal's everyday code. On Linux the master and the slave of a pseudo-terminal
 * share one set of modes, so setting them on the agent's master before the step starts is enough;
 * the step never sees a cooked terminal. {@code cfmakeraw} is glibc's, so the modes are exactly
 * what {@code stty raw} and Go's {@code term.MakeRaw} (the official agent's) give. Loaded on first
 * use, after {@link PseudoTerminal} has checked the platform.
 */
final class TerminalModes {
  private static final int TCSANOW = 0;

  /** glibc's {@code struct termios} takes 60 bytes on Linux; a little room to spare. */
  private static final int TERMIOS_BYTES = 128;

  static {
    Native.register(TerminalModes.class, Platform.C_LIBRARY_NAME);
  }

  private TerminalModes() {}

  private static native int tcgetattr(int fd, Pointer termios) throws LastErrorException;

  private static native void cfmakeraw(Pointer termios);

  private static native int tcsetattr(int fd, int action, Pointer termios)
      throws LastErrorException;

  /**
   * Puts the terminal of {@code fd} in raw mode, at once.
   *
   * @throws LastErrorException if {@code fd} is not a terminal or its modes cannot be set
   */
  static void makeRaw(int fd) {
    try (Memory termios = new Memory(TERMIOS_BYTES)) {
      termios.clear();
      tcgetattr(fd, termios);
      cfmakeraw(termios);
      tcsetattr(fd, TCSANOW, termios);
    }
  }
}
