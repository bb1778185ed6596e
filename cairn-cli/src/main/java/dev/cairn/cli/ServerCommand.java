package dev.cairn.cli;

import dev.cairn.server.ServerConfig;
import dev.cairn.server.wiring.CairnServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn server}: a long-lived server with the embedded database in {@code --data-dir}, or on
 * the PostgreSQL database of {@code --database-url} (several servers may share one). {@code
 * CAIRN_AGENT_REGISTRATION_TOKEN} and {@code CAIRN_API_TOKEN} install tokens at start; without
 * them, generated tokens are kept in the data directory. The database user and password come from
 * the URL or from {@code CAIRN_DATABASE_USER} and {@code CAIRN_DATABASE_PASSWORD}; they are never
 * flags, so they do not show in the process list.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run the Cairn server (agent API under /v3, REST API under /v2).")
final class ServerCommand implements Callable<Integer> {
  @Option(
      names = "--listen",
      defaultValue = "${env:CAIRN_LISTEN:-127.0.0.1:8080}",
      description = "HOST:PORT to listen on (env CAIRN_LISTEN; default ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:CAIRN_DATA_DIR:-.cairn}",
      description =
          "Directory of the embedded database and logs (env CAIRN_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--database-url",
      defaultValue = "${env:CAIRN_DATABASE_URL}",
      description =
          "PostgreSQL database to use instead of the embedded one, as jdbc:postgresql://HOST[:PORT]/DB"
              + " (env CAIRN_DATABASE_URL; user and password from the URL or env"
              + " CAIRN_DATABASE_USER and CAIRN_DATABASE_PASSWORD). Servers sharing a database share"
              + " the work; give them the same --data-dir (keys and artifacts).")
  String databaseUrl;

  @Option(
      names = "--max-trigger-depth",
      defaultValue = "${env:CAIRN_MAX_TRIGGER_DEPTH:-10}",
      description =
          "How many builds deep a chain of trigger steps may be; a trigger step that would go"
              + " deeper fails (env CAIRN_MAX_TRIGGER_DEPTH; default ${DEFAULT-VALUE}, as Buildkite).")
  int maxTriggerDepth;

  @Option(
      names = "--max-pipeline-uploads",
      defaultValue = "${env:CAIRN_MAX_PIPELINE_UPLOADS:-500}",
      description =
          "How many pipeline uploads one build may receive; past it an upload is refused (env"
              + " CAIRN_MAX_PIPELINE_UPLOADS; default ${DEFAULT-VALUE}, as Buildkite).")
  int maxPipelineUploads;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config =
        ServerConfig.listening(listen, dataDir)
            .withTokens(
                Optional.ofNullable(System.getenv("CAIRN_AGENT_REGISTRATION_TOKEN"))
                    .filter(t -> !t.isBlank()),
                Optional.ofNullable(System.getenv("CAIRN_API_TOKEN")).filter(t -> !t.isBlank()))
            .withDatabase(
                Optional.ofNullable(databaseUrl)
                    .filter(u -> !u.isBlank())
                    .map(u ->
                        new ServerConfig.Database(
                            u,
                            System.getenv("CAIRN_DATABASE_USER"),
                            System.getenv("CAIRN_DATABASE_PASSWORD"))))
            .withMaxTriggerDepth(maxTriggerDepth)
            .withMaxPipelineUploads(maxPipelineUploads);
    CairnServer server = CairnServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "cairn-server-shutdown"));
    stopped.await();
    return 0;
  }
}
