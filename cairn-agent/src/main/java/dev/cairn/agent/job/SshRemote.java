package dev.cairn.agent.job;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSH server a git repository address names, if it names one: {@code
 * ssh://[user@]host[:port]/…} (also git's {@code git+ssh://} and {@code ssh+git://}) or the
 * scp-like {@code [user@]host:path}. Addresses of other kinds (https, git, file, a local path) name
 * none.
 *
 * <p>Design note: git reads an address without {@code ://} whose part before the first colon has no
 * slash as scp-like; the official agent also wants at least two characters there, so a Windows
 * drive ({@code C:\repo}) is a path. A local path that exists is never an SSH address, whatever it
 * looks like. The port is -1 when the address gives none (ssh's configuration, or 22, applies).
 *
 * @param host the host as written (an alias of {@code ~/.ssh/config} is resolved later)
 * @param port the port the address gives, or -1
 */
record SshRemote(String host, int port) {
  private static final Pattern HAS_SCHEME = Pattern.compile("^[^:/]+://");
  private static final Set<String> SSH_SCHEMES = Set.of("ssh", "git+ssh", "ssh+git");
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]{2,}):(?!//).*$");

  /** The default SSH port, which {@code known_hosts} entries leave unwritten. */
  static final int DEFAULT_PORT = 22;

  /**
   * The SSH server of {@code repository}; empty if it is not an SSH address.
   *
   * @throws IllegalArgumentException if it says ssh but names no host or a bad port
   */
  static Optional<SshRemote> of(String repository) {
    String address = repository.strip();
    if (address.isEmpty() || isLocalPath(address)) {
      return Optional.empty();
    }
    if (HAS_SCHEME.matcher(address).find()) {
      return fromUrl(address);
    }
    Matcher scp = SCP_LIKE.matcher(address);
    if (scp.matches()) {
      return Optional.of(new SshRemote(unbracket(scp.group(1)), -1));
    }
    return Optional.empty();
  }

  private static Optional<SshRemote> fromUrl(String address) {
    String scheme = address.substring(0, address.indexOf("://")).toLowerCase(Locale.ROOT);
    if (!SSH_SCHEMES.contains(scheme)) {
      return Optional.empty();
    }
    String rest = address.substring(scheme.length() + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host = hostPort;
    int port = -1;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
      host = hostPort.substring(0, colon);
      String digits = hostPort.substring(colon + 1);
      if (!digits.isEmpty()) {
        try {
          port = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
          port = 0;
        }
        if (port < 1 || port > 65535) {
          // The address itself is not shown: it may carry a password.
          throw new IllegalArgumentException(
              "the port of the repository's ssh address, \""
                  + digits
                  + "\", is not a number from 1 to 65535");
        }
      }
    }
    host = unbracket(host);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the repository's ssh address names no host");
    }
    return Optional.of(new SshRemote(host, port));
  }

  private static boolean isLocalPath(String address) {
    try {
      return Files.exists(Path.of(address));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** {@code [::1]} → {@code ::1}: brackets belong to the address syntax, not to the host. */
  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * The name {@code known_hosts} files this server under: the host for the default port, else
   * {@code [host]:port}, as ssh itself writes and looks it up.
   */
  String knownHostsName() {
    return port == DEFAULT_PORT || port < 0 ? host : "[" + host + "]:" + port;
  }
}
