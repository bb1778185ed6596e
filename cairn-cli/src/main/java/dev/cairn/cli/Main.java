package dev.cairn.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** The entry point of the {@code cairn} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Quiet by default when running a pipeline locally: its output is the job logs.
    if (args.length > 0 && args[0].equals("run") && System.getProperty("cairn.log.level") == null) {
      System.setProperty("cairn.log.level", "WARN");
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new CairnCommand());
  }
}
