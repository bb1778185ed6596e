package dev.cairn.agent.hook;

import java.nio.file.Path;

/**
 * One hook file found for a lifecycle point: its name ({@code pre-command}…), where it was found
 * ({@code agent} or {@code repository}) and its path.
 */
public record Hook(String name, String scope, Path file) {
  public static final String AGENT = "agent";
  public static final String REPOSITORY = "repository";

  /** The section header the job log shows before the hook runs. */
  public String header() {
    return "~~~ Running " + scope + " " + name + " hook";
  }
}
