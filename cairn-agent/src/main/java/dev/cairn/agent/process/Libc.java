package dev.cairn.agent.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls a pseudo-terminal needs, bound with JNA's direct mapping (one JNI call per
 * method, no reflection per call). The constants are Linux's generic values (x86-64, aarch64,
 * riscv64); {@link PseudoTerminal} checks the platform before it first touches this class.
 *
 * <p>Design note: no PTY library is available to Cairn, and Java 21's foreign function API is still
 * a preview, so JNA is the one way to reach libc. Loading happens on first use, so an agent whose
 * JNA cannot load (no native library for the platform, a no-exec temporary directory) fails here
 * and its jobs fall back to pipes.
 */
final class Libc {
  static final int O_RDWR = 2;
  static final int O_NOCTTY = 0400;
  static final int O_NONBLOCK = 04000;
  static final int F_GETFL = 3;
  static final int F_SETFL = 4;
  static final long TIOCSWINSZ = 0x5414;
  static final short POLLIN = 1;
  static final int EINTR = 4;
  static final int EIO = 5;
  static final int EAGAIN = 11;

  static {
    Native.register(Libc.class, Platform.C_LIBRARY_NAME);
  }

  private Libc() {}

  static native int posix_openpt(int flags) throws LastErrorException;

  static native int grantpt(int fd) throws LastErrorException;

  static native int unlockpt(int fd) throws LastErrorException;

  /** Returns 0, or an error number (it does not set errno). */
  static native int ptsname_r(int fd, byte[] buf, long buflen);

  static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

  static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

  /**
   * Returns -1 and leaves errno in {@link Native#getLastError()} rather than throw: a non-blocking
   * reader meets EAGAIN on every pause, too often to build an exception each time.
   */
  static native long read(int fd, Pointer buf, long count);

  static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;
}
