package dev.cairn.agent.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's (master) side of a pseudo-terminal whose other (slave) side a job step gets as its
 * stdin, stdout, stderr and controlling terminal, as the official agent runs every hook and command
 * (creack/pty): a window of {@value #ROWS} rows by {@value #COLUMNS} columns and the terminal's
 * default (cooked) modes, so the step's {@code \n} reaches the log as {@code \r\n}, which is what
 * the official agent logs too (its raw mode is an opt-in experiment).
 *
 * <p>The master is non-blocking: {@link #read} returns 0 when nothing is there and {@link
 * #awaitInput} waits for more, so the reader can give up on a step whose leftover background
 * processes keep the terminal open. Not thread-safe, except {@link #close}, which may race a reader
 * only after the reader has stopped.
 */
public final class PseudoTerminal implements AutoCloseable {
  /** The official agent's window size. */
  public static final int ROWS = 100;

  public static final int COLUMNS = 160;

  private final int master;
  private final Path slave;
  private final Memory pollFd = new Memory(8);
  private final AtomicBoolean closed = new AtomicBoolean();

  private PseudoTerminal(int master, Path slave) {
    this.master = master;
    this.slave = slave;
    pollFd.setInt(0, master);
    pollFd.setShort(4, Libc.POLLIN);
  }

  /** The pseudo-terminal could not be opened here: why, for the job log. */
  public static final class Unavailable extends IOException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * Opens a pseudo-terminal with the official agent's window size.
   *
   * @throws Unavailable if this host cannot (no {@code /dev/ptmx}, JNA cannot load, no {@code
   *     setsid} to hand the terminal over)
   */
  public static PseudoTerminal open() throws Unavailable {
    String problem = Support.PROBLEM;
    if (problem != null) {
      throw new Unavailable(problem);
    }
    int fd;
    try {
      fd = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY);
    } catch (LastErrorException e) {
      throw new Unavailable("cannot open /dev/ptmx: " + e.getMessage());
    }
    try {
      Libc.grantpt(fd);
      Libc.unlockpt(fd);
      Path slave = slaveName(fd);
      setWindow(fd, ROWS, COLUMNS);
      int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
      Libc.fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK);
      return new PseudoTerminal(fd, slave);
    } catch (LastErrorException | Unavailable e) {
      closeQuietly(fd);
      throw e instanceof Unavailable u
          ? u
          : new Unavailable("cannot set up a pseudo-terminal: " + e.getMessage());
    }
  }

  /**
   * Checks that this host can open a pseudo-terminal by opening and closing one.
   *
   * @throws Unavailable saying why not
   */
  public static void check() throws Unavailable {
    open().close();
  }

  private static Path slaveName(int fd) throws Unavailable {
    byte[] name = new byte[128];
    int error = Libc.ptsname_r(fd, name, name.length);
    if (error != 0) {
      throw new Unavailable("cannot name the pseudo-terminal: error " + error);
    }
    int length = 0;
    while (length < name.length && name[length] != 0) {
      length++;
    }
    return Path.of(new String(name, 0, length, StandardCharsets.UTF_8));
  }

  private static void setWindow(int fd, int rows, int columns) {
    try (Memory size = new Memory(8)) {
      size.setShort(0, (short) rows);
      size.setShort(2, (short) columns);
      size.setShort(4, (short) 0);
      size.setShort(6, (short) 0);
      Libc.ioctl(fd, Libc.TIOCSWINSZ, size);
    }
  }

  /**
   * Puts the terminal in raw mode ({@code --experiment pty-raw}), so what the step writes reaches
   * the log unchanged: {@code \n} stays {@code \n}. Call before the step starts.
   *
   * @throws Unavailable if the modes cannot be set
   */
  void makeRaw() throws Unavailable {
    try {
      TerminalModes.makeRaw(master);
    } catch (LastErrorException | LinkageError e) {
      throw new Unavailable("cannot put the pseudo-terminal in raw mode: " + e.getMessage());
    }
  }

  /** The slave device, {@code /dev/pts/N}. */
  Path slave() {
    return slave;
  }

  /**
   * Reads what the step wrote into {@code buffer}: the byte count, 0 if nothing is there yet, or -1
   * once every slave descriptor is closed and the output drained (Linux then answers EIO, which the
   * official agent also treats as the end).
   *
   * @throws IOException if the read failed otherwise
   */
  int read(Memory buffer, int max) throws IOException {
    long read = Libc.read(master, buffer, max);
    if (read > 0) {
      return (int) read;
    }
    if (read == 0) {
      return -1;
    }
    int error = Native.getLastError();
    return switch (error) {
      case Libc.EAGAIN, Libc.EINTR -> 0;
      case Libc.EIO -> -1;
      default -> throw new IOException("reading the pseudo-terminal failed: errno " + error);
    };
  }

  /** Waits up to {@code millis} for output (or the end); true if there is some. */
  boolean awaitInput(int millis) throws IOException {
    try {
      return Libc.poll(pollFd, 1, millis) > 0;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Libc.EINTR) {
        return false;
      }
      throw new IOException("waiting on the pseudo-terminal failed: " + e.getMessage());
    }
  }

  /**
   * Closes the master. A process still holding the slave is hung up (its writes fail from then on).
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(master);
      pollFd.close();
    }
  }

  private static void closeQuietly(int fd) {
    try {
      Libc.close(fd);
    } catch (LastErrorException e) {
      // Nothing to recover: the descriptor is gone either way.
    }
  }

  /**
   * Whether the host can run steps on a terminal, decided once: the platform, the {@code setsid}
   * that makes the terminal the child's controlling terminal, and JNA binding libc.
   */
  private static final class Support {
    static final String PROBLEM = problem();

    private static String problem() {
      if (!ProcessGroup.canHandOverTerminal()) {
        return "setsid or kill is not on the agent's PATH";
      }
      try {
        if (!Platform.isLinux()) {
          return "pseudo-terminals are supported on Linux only";
        }
        if (!Platform.is64Bit()
            || !(Platform.isIntel() || Platform.isARM() || Platform.ARCH.startsWith("riscv"))) {
          return "pseudo-terminals are supported on 64-bit x86, ARM and RISC-V Linux only";
        }
        Class.forName(Libc.class.getName(), true, Libc.class.getClassLoader());
        return null;
      } catch (LinkageError | ClassNotFoundException e) {
        return "JNA cannot bind libc: " + e;
      }
    }
  }
}
