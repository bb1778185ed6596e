package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database: the first runs the periodic sweeps; frozen with
 * SIGSTOP, it loses them to the second. A frozen process is the hard case: its sockets stay open,
 * so PostgreSQL sees no disconnect, and only the lock session's {@code idle_session_timeout} (10 s)
 * frees the lock; the second server, trying every second, takes it within about 11 s. Thawed with
 * SIGCONT, the first finds its session ended and says it no longer runs the sweeps, and does not
 * take them back while the second holds them. (A server that stops or is killed closes its socket,
 * and the other takes over within a second: see {@code SharedSweepsTest} in the server module,
 * where the survivor fires a job's timeout and finds a silent agent after the leader stopped.)
 */
class SweepFailoverTest {
  private static final String LEADS = "now runs the periodic sweeps";
  private static final String RESIGNED = "no longer runs the periodic sweeps";

  /** The bound is about 11 s; the rest is slack for a loaded machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path work;

  @Test
  void aFrozenLeaderLosesTheSweepsToTheOtherServer() throws Exception {
    assumeThat(DatabaseExtension.selected()).contains(TestDatabase.Kind.POSTGRESQL);
    TestDatabase database = DatabaseExtension.create(TestDatabase.Kind.POSTGRESQL);
    Path data = work.resolve("data");
    ServerProcess a = ServerProcess.startOn(database, data, "a");
    ServerProcess b = null;
    try {
      awaitOutput(a, LEADS, 1);
      b = ServerProcess.startOn(database, data, "b");
      assertThat(b.output()).as("b while a leads").doesNotContain(LEADS);

      signal(a, "STOP");
      long frozen = System.nanoTime();
      awaitOutput(b, LEADS, 1);
      System.out.printf(
          "SweepFailoverTest: b runs the sweeps %d ms after a was frozen%n",
          Duration.ofNanos(System.nanoTime() - frozen).toMillis());

      signal(a, "CONT");
      awaitOutput(a, RESIGNED, 1);
      assertThat(count(a.output(), LEADS)).as("times a took the sweeps").isEqualTo(1);
      assertThat(count(b.output(), RESIGNED)).as("times b gave them up").isZero();
    } finally {
      signal(a, "CONT");
      if (b != null) {
        b.close();
      }
      a.close();
      DatabaseExtension.release(database);
    }
  }

  /** Sends {@code SIG<name>} to the server's process, by its PID. */
  private static void signal(ServerProcess server, String name)
      throws IOException, InterruptedException {
    if (!server.isAlive()) {
      return;
    }
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(server.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor()).as("kill -" + name).isZero();
  }

  /** Waits until {@code text} appears {@code times} times in the server's output. */
  private static void awaitOutput(ServerProcess server, String text, int times)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (count(server.output(), text) < times) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "\"" + text + "\" not seen within " + PATIENCE + ":\n" + server.output());
      }
      Thread.sleep(50);
    }
  }

  private static int count(String output, String text) {
    int found = 0;
    for (int at = output.indexOf(text); at >= 0; at = output.indexOf(text, at + 1)) {
      found++;
    }
    return found;
  }
}
