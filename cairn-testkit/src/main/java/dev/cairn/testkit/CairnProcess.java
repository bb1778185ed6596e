package dev.cairn.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code cairn} command running as a real child process, started with the test JVM's own java and
 * class path so it runs exactly the code under test.
 */
public class CairnProcess extends TestProcess {
  private static final String MAIN = "dev.cairn.cli.Main";

  protected CairnProcess(List<String> args, Map<String, String> env, Path output) {
    super(command(args), env, output);
  }

  private static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.addAll(StartupOptions.forThisClassPath());
    command.add(MAIN);
    command.addAll(args);
    return command;
  }
}
