package dev.cairn.agent.process;

import com.sun.jna.LastErrorException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process {@link DirectSpawn} started, seen as a {@link Process}: its exit status as the JDK
 * reports one (the exit code, or 128 plus the number of the signal that killed it), and SIGTERM or
 * SIGKILL for {@link #destroy}. Its streams are empty: the step's output is read from its terminal
 * or pipe, not from here.
 *
 * <p>Design note: the process is reaped by {@code waitpid} for its own pid on a pooled platform
 * thread, as the JDK's own reaper does for the processes it starts; a virtual thread blocked in
 * native code would hold its carrier for the whole step. The JDK's reaper waits only for pids it
 * started, so it never takes this one's status.
 */
final class SpawnedProcess extends Process {
  private static final ExecutorService REAPERS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("cairn-reaper-", 0).daemon().stackSize(256 * 1024).factory());

  private final int pid;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private SpawnedProcess(int pid) {
    this.pid = pid;
  }

  /** Starts reaping the child {@code pid}, which must not have been waited for yet. */
  static SpawnedProcess reaping(int pid) {
    SpawnedProcess process = new SpawnedProcess(pid);
    REAPERS.execute(process::reap);
    return process;
  }

  private void reap() {
    int[] status = new int[1];
    while (true) {
      try {
        Spawn.waitpid(pid, status, 0);
        exit.complete(decode(status[0]));
        return;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Libc.EINTR) {
          // ECHILD: someone else reaped it, and its status is lost; the JDK reports 0 then too.
          exit.complete(e.getErrorCode() == Spawn.ECHILD ? 0 : -1);
          return;
        }
      }
    }
  }

  /** A {@code waitpid} status as the JDK's {@link Process#waitFor} reports it. */
  static int decode(int status) {
    int signal = status & 0x7f;
    if (signal == 0) {
      return (status >> 8) & 0xff;
    }
    return signal == 0x7f ? status : 0x80 + signal;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("reaping cannot fail", e);
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("reaping cannot fail", e);
    }
  }

  @Override
  public int exitValue() {
    Integer status = exit.getNow(null);
    if (status == null) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return status;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.thenApply(status -> this);
  }

  @Override
  public void destroy() {
    send(Signal.SIGTERM);
  }

  @Override
  public Process destroyForcibly() {
    send(Signal.SIGKILL);
    return this;
  }

  /**
   * Sends {@code signal} to the process group the process leads, which may outlive it; false if
   * there was nothing to signal or it could not be sent.
   */
  boolean signalGroup(Signal signal) {
    try {
      Spawn.kill(-pid, signal.number());
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  private void send(Signal signal) {
    if (isAlive()) {
      try {
        Spawn.kill(pid, signal.number());
      } catch (LastErrorException e) {
        // Gone already: nothing to stop.
      }
    }
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream();
  }
}
