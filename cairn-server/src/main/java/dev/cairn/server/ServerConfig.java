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
 * @param database a PostgreSQL database to use instead of the embedded one in {@code dataDir};
 *     several servers may share one (they should then share {@code dataDir} too, for the key files
 *     and artifacts kept there)
 * @param maxTriggerDepth how many builds deep a chain of trigger steps may be (a build nobody
 *     triggered is 1); a trigger step that would go deeper fails
 * @param maxPipelineUploads how many {@code pipeline upload}s one build may receive; past it an
 *     upload is refused
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> registrationToken,
    Optional<String> apiToken,
    Optional<String> publicUrl,
    TimeLimits limits,
    Optional<Database> database,
    int maxTriggerDepth,
    int maxPipelineUploads) {

  /** Buildkite's limit on the depth of a trigger chain. */
  public static final int DEFAULT_TRIGGER_DEPTH = 10;

  /** Buildkite's limit on the pipeline uploads of one build. */
  public static final int DEFAULT_PIPELINE_UPLOADS = 500;

  /**
   * A PostgreSQL database: a {@code jdbc:postgresql://} URL, and a user and password unless the URL
   * carries them. The password is masked in {@link #toString()}, and so is a {@code password}
   * parameter of the URL.
   */
  public record Database(String url, String username, String password) {
    public Database {
      if (url == null || !url.startsWith("jdbc:postgresql://")) {
        throw new IllegalArgumentException(
            "--database-url (env CAIRN_DATABASE_URL) must be a jdbc:postgresql://HOST[:PORT]/DB"
                + " URL, got \""
                + (url == null ? "" : masked(url))
                + "\"");
      }
      username = username == null ? "" : username;
      password = password == null ? "" : password;
    }

    static String masked(String url) {
      return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
      return "Database[url="
          + masked(url)
          + ", username="
          + username
          + ", password="
          + (password.isEmpty() ? "none" : "***")
          + "]";
    }
  }

  /**
   * A configuration on the embedded database with the default time limits, trigger depth and
   * pipeline upload limit.
   */
  public ServerConfig(
      String host,
      int port,
      Path dataDir,
      Optional<String> registrationToken,
      Optional<String> apiToken,
      Optional<String> publicUrl) {
    this(
        host,
        port,
        dataDir,
        registrationToken,
        apiToken,
        publicUrl,
        TimeLimits.DEFAULT,
        Optional.empty(),
        DEFAULT_TRIGGER_DEPTH,
        DEFAULT_PIPELINE_UPLOADS);
  }

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("listen host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen port must be 0-65535, got " + port);
    }
    if (maxTriggerDepth < 1) {
      throw new IllegalArgumentException(
          "--max-trigger-depth (env CAIRN_MAX_TRIGGER_DEPTH) must be at least 1, got "
              + maxTriggerDepth);
    }
    if (maxPipelineUploads < 1) {
      throw new IllegalArgumentException(
          "--max-pipeline-uploads (env CAIRN_MAX_PIPELINE_UPLOADS) must be at least 1, got "
              + maxPipelineUploads);
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
    return new ServerConfig(
        host,
        port,
        dataDir,
        registration,
        api,
        publicUrl,
        limits,
        database,
        maxTriggerDepth,
        maxPipelineUploads);
  }

  /** This configuration on PostgreSQL, or on the embedded database when {@code next} is empty. */
  public ServerConfig withDatabase(Optional<Database> next) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        registrationToken,
        apiToken,
        publicUrl,
        limits,
        next,
        maxTriggerDepth,
        maxPipelineUploads);
  }

  /** This configuration with trigger chains limited to {@code depth} builds. */
  public ServerConfig withMaxTriggerDepth(int depth) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        registrationToken,
        apiToken,
        publicUrl,
        limits,
        database,
        depth,
        maxPipelineUploads);
  }

  /** This configuration with at most {@code uploads} pipeline uploads per build. */
  public ServerConfig withMaxPipelineUploads(int uploads) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        registrationToken,
        apiToken,
        publicUrl,
        limits,
        database,
        maxTriggerDepth,
        uploads);
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
        + ", database="
        + database.map(Database::toString).orElse("embedded")
        + ", maxTriggerDepth="
        + maxTriggerDepth
        + ", maxPipelineUploads="
        + maxPipelineUploads
        + "]";
  }
}
