package dev.cairn.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line that starts {@code cairn} again inside a job, for the {@code buildkite-agent}
 * script the agent puts on the job's PATH: this JVM's own java and class path, tuned for a short
 * run (C1 only, serial GC, no JIT logging) with a class-data-sharing archive the JVM creates on the
 * first run and reuses after ({@code -XX:+AutoCreateSharedArchive}), which roughly halves start-up.
 */
final class InJobLauncher {
  private InJobLauncher() {}

  static List<String> command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    String archive =
        Path.of(
                System.getProperty("java.io.tmpdir"),
                "cairn-agent-%s-%08x.jsa"
                    .formatted(
                        System.getProperty("user.name", "user"),
                        (classPath + Runtime.version()).hashCode()))
            .toString();
    return List.of(
        java,
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss512k",
        "-XX:+AutoCreateSharedArchive",
        "-XX:SharedArchiveFile=" + archive,
        "-Xlog:disable",
        "-Xlog:all=error:stderr",
        "-cp",
        classPath,
        Main.class.getName());
  }
}
