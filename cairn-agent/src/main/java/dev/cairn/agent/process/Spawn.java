package dev.cairn.agent.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * glibc's {@code posix_spawn} and what goes with it: starting, reaping and signalling a job's
 * process without a helper in between. Bound apart from {@link Libc} because the two {@code _np}
 * file actions need glibc 2.29 ({@code addchdir_np}) and 2.34 ({@code addclosefrom_np}): on an
 * older C library (or musl) binding this class fails, {@link DirectSpawn} says so once, and jobs
 * start the way they always have. Constants and structure sizes are glibc's on 64-bit Linux.
 */
final class Spawn {
  static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  static final short POSIX_SPAWN_SETSID = 0x80;

  /** glibc's {@code posix_spawn_file_actions_t} is 80 bytes; room to spare. */
  static final int FILE_ACTIONS_BYTES = 256;

  /** glibc's {@code posix_spawnattr_t} is 336 bytes; room to spare. */
  static final int ATTRIBUTES_BYTES = 512;

  /** glibc's {@code sigset_t}: 1024 bits. */
  static final int SIGSET_BYTES = 128;

  static final int O_CLOEXEC = 02000000;
  static final int ECHILD = 10;
  static final int ESRCH = 3;

  static {
    Native.register(Spawn.class, Platform.C_LIBRARY_NAME);
  }

  private Spawn() {}

  // The posix_spawn family returns an error number rather than set errno.

  static native int posix_spawn(
      int[] pid, byte[] path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer envp);

  static native int posix_spawn_file_actions_init(Pointer fileActions);

  static native int posix_spawn_file_actions_destroy(Pointer fileActions);

  static native int posix_spawn_file_actions_addopen(
      Pointer fileActions, int fd, byte[] path, int flags, int mode);

  static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

  static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, byte[] path);

  static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

  static native int posix_spawnattr_init(Pointer attributes);

  static native int posix_spawnattr_destroy(Pointer attributes);

  static native int posix_spawnattr_setflags(Pointer attributes, short flags);

  static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

  static native int sigemptyset(Pointer set) throws LastErrorException;

  static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

  static native int kill(int pid, int signal) throws LastErrorException;

  static native int pipe2(int[] fds, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static void closeQuietly(int fd) {
    try {
      close(fd);
    } catch (LastErrorException e) {
      // Nothing to recover: the descriptor is gone either way.
    }
  }
}
