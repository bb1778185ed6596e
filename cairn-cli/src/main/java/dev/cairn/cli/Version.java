package dev.cairn.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code cairn --version}, from the jar's manifest when there is one. */
final class Version implements IVersionProvider {
  static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"cairn " + current()};
  }
}
