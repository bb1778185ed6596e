package dev.cairn.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code cairn agent start} as a child process, registered with a {@link ServerProcess}. */
public final class AgentProcess extends CairnProcess {
  private AgentProcess(List<String> args, Path log) {
    this(args, Map.of(), log);
  }

  private AgentProcess(List<String> args, Map<String, String> env, Path log) {
    super(args, env, log);
  }

  /**
   * {@code cairn agent start} followed by exactly {@code flags}, with {@code env} added to the
   * inherited environment, its output appended to {@code log}: for tests of the flags themselves.
   */
  public static AgentProcess startWith(List<String> flags, Map<String, String> env, Path log) {
    List<String> args = new ArrayList<>(List.of("agent", "start"));
    args.addAll(flags);
    return new AgentProcess(args, env, log);
  }

  /** Starts {@code spawn} agents in one process, named {@code <name>-1...}. */
  public static AgentProcess start(ServerProcess server, String name, int spawn, Path workDir) {
    return start(server.agentEndpoint(), name, spawn, workDir);
  }

  /**
   * Starts {@code spawn} agents in one process against an agent API endpoint ({@code .../v3}), for
   * example a {@link FailoverProxy} in front of several servers.
   */
  public static AgentProcess start(String endpoint, String name, int spawn, Path workDir) {
    return start(endpoint, name, spawn, workDir, List.of());
  }

  /** Starts one agent named {@code <name>-1} with {@code extra} flags after the usual ones. */
  public static AgentProcess start(
      ServerProcess server, String name, Path workDir, List<String> extra) {
    return start(server.agentEndpoint(), name, 1, workDir, extra);
  }

  private static AgentProcess start(
      String endpoint, String name, int spawn, Path workDir, List<String> extra) {
    List<String> args = new ArrayList<>();
    args.add("agent");
    args.add("start");
    args.add("--endpoint");
    args.add(endpoint);
    args.add("--token");
    args.add(ServerProcess.REGISTRATION_TOKEN);
    args.add("--name");
    args.add(name + "-%spawn");
    args.add("--spawn");
    args.add(Integer.toString(spawn));
    args.add("--build-path");
    args.add(workDir.resolve(name + "-builds").toString());
    // Not the official default under the home directory: tests leave nothing outside their own.
    args.add("--sockets-path");
    args.add(workDir.resolve(name + "-sockets").toString());
    args.addAll(extra);
    return new AgentProcess(args, workDir.resolve(name + "-agent.log"));
  }
}
