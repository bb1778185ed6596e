package dev.cairn.cli;

import dev.cairn.agent.Agent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tags {@code --tags-from-host} adds, as the official agent names them: {@code hostname},
 * {@code os} and, where the host has one, {@code machine-id} (systemd's {@code /etc/machine-id},
 * else D-Bus's copy).
 */
final class HostTags {
  private static final List<Path> MACHINE_ID =
      List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));

  private HostTags() {}

  static List<String> of(Map<String, String> env) {
    List<String> tags = new ArrayList<>();
    tags.add("hostname=" + Agent.hostname(env));
    tags.add("os=" + os());
    machineId().ifPresent(id -> tags.add("machine-id=" + id));
    return tags;
  }

  /** Go's GOOS spelling, which the official agent reports: linux, darwin, windows, freebsd… */
  private static String os() {
    String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (name.startsWith("mac")) {
      return "darwin";
    }
    if (name.startsWith("windows")) {
      return "windows";
    }
    return name.replace(" ", "");
  }

  private static java.util.Optional<String> machineId() {
    for (Path file : MACHINE_ID) {
      try {
        String id = Files.readString(file).strip();
        if (!id.isEmpty()) {
          return java.util.Optional.of(id);
        }
      } catch (IOException e) {
        // Not on this host; try the next place.
      }
    }
    return java.util.Optional.empty();
  }
}
