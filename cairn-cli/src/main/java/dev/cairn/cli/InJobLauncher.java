package dev.cairn.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line that starts {@code cairn} again inside a job, for the {@code buildkite-agent}
 * script the agent puts on the job's PATH: this JVM's own java and class path, tuned for a short
 * run (C1 only, serial GC, no JIT logging) with a class-data-sharing archive the JVM creates on the
 * first run and reuses after ({@code -XX:+AutoCreateSharedArchive}). The JVM archives classes from
 * jars only, so the archive is used only when the class path is all jars (the installed {@code
 * cairn.jar}); runs from build directories (tests) start without it.
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
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k"));
    if (allJars(classPath)) {
      command.addAll(
          List.of(
              "-XX:+AutoCreateSharedArchive",
              "-XX:SharedArchiveFile=" + archive,
              "-Xlog:disable",
              "-Xlog:all=error:stderr"));
    }
    command.addAll(List.of("-cp", classPath, Main.class.getName()));
    return List.copyOf(command);
  }

  private static boolean allJars(String classPath) {
    return Arrays.stream(classPath.split(File.pathSeparator, -1))
        .allMatch(entry -> entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)));
  }
}
