package dev.cairn.cli;

import java.util.Arrays;
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
    if (args.length > 1 && args[0].equals("agent") && args[1].equals("start")) {
      System.exit(agentStart().execute(Arrays.copyOfRange(args, 2, args.length)));
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * {@code cairn agent start} alone, without the rest of the command tree: picocli reads the
   * annotations of every command it is given, and its own classes, compiled for Java 5, are left
   * out of the JVM's class archive, so building the whole tree would cost an ephemeral agent a
   * noticeable part of its start-up (bench/run.sh agent). Usage and errors still name it in full.
   */
  static CommandLine agentStart() {
    return new CommandLine(new AgentStartCommand()).setCommandName("cairn agent start");
  }

  static CommandLine commandLine() {
    return new CommandLine(new CairnCommand());
  }
}
