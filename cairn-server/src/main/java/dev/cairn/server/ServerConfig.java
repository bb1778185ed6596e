package dev.cairn.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a server runs: where it listens, where its data lives, and the tokens to install at start for
 * scripted set-ups. Validated on construction; tokens are masked in {@link #toString()}.
 *
 * @param host the address to listen on (127.0.0.1 unless told otherwise)
 * @param port the port, or 0 for any free port
 * @param dataDir the directory of the embedded database
 * @param registrationToken an agent registration token to accept, if given
 * @param apiToken a REST API token to accept, if given
 * @param publicUrl the base URL the server is reached at, or empty to derive it from the listener
 * @param limits when scheduled jobs expire and silent agents are lost
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> registrationToken,
    Optional<String> apiToken,
    Optional<String> publicUrl,
    TimeLimits limits) {

  /** A configuration with the default time limits. */
  public ServerConfig(
      String host,
      int port,
      Path dataDir,
      Optional<String> registrationToken,
      Optional<String> apiToken,
      Optional<String> publicUrl) {
    this(host, port, dataDir, registrationToken, apiToken, publicUrl, TimeLimits.DEFAULT);
  }

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("listen host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen port must be 0-65535, got " + port);
    }
  }

  /** Parses {@code host:port} as {@code --listen} takes it. */
  public static ServerConfig listening(String listen, Path dataDir) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, got \"" + listen + "\"");
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--listen port must be a number, got \"" + listen + "\"", e);
    }
    return new ServerConfig(
        listen.substring(0, colon),
        port,
        dataDir,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public ServerConfig withTokens(Optional<String> registration, Optional<String> api) {
    return new ServerConfig(host, port, dataDir, registration, api, publicUrl, limits);
  }

  public ServerConfig withLimits(TimeLimits next) {
    return new ServerConfig(host, port, dataDir, registrationToken, apiToken, publicUrl, next);
  }

  @Override
  public String toString() {
    return "ServerConfig[host="
        + host
        + ", port="
        + port
        + ", dataDir="
        + dataDir
        + ", registrationToken="
        + registrationToken.map(t -> "***").orElse("none")
        + ", apiToken="
        + apiToken.map(t -> "***").orElse("none")
        + ", limits="
        + limits
        + "]";
  }
}
