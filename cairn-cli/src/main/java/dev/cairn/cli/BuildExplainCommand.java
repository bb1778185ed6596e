package dev.cairn.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn build explain ORG/PIPELINE/NUMBER [JOB]}: prints a build's history, one line per
 * event, with why each job waited, ran, was skipped, broke or was retried.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Print a build's history and why each job waited, ran, broke or was retried.")
final class BuildExplainCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "ORG/PIPELINE/NUMBER",
      description = "The build, e.g. default/web/42.")
  String build;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "JOB",
      description = "Only this job (and its retries).")
  String job;

  @Option(
      names = "--endpoint",
      defaultValue = "${env:CAIRN_ENDPOINT:-http://127.0.0.1:8080}",
      description = "The server's base URL (env CAIRN_ENDPOINT; default ${DEFAULT-VALUE}).")
  String endpoint;

  @Option(
      names = "--token",
      defaultValue = "${env:CAIRN_API_TOKEN}",
      description = "A REST API token (env CAIRN_API_TOKEN).")
  String token;

  @Override
  public Integer call() throws InterruptedException {
    String[] parts = build.split("/", -1);
    if (parts.length != 3
        || parts[0].isEmpty()
        || parts[1].isEmpty()
        || !parts[2].matches("\\d+")) {
      System.err.println(
          "cairn build explain: expected ORG/PIPELINE/NUMBER, got \"" + build + "\"");
      return 2;
    }
    if (token == null || token.isBlank()) {
      System.err.println("cairn build explain: --token (or CAIRN_API_TOKEN) is required");
      return 2;
    }
    String path =
        "/v2/organizations/"
            + parts[0]
            + "/pipelines/"
            + parts[1]
            + "/builds/"
            + parts[2]
            + "/explain"
            + (job == null ? "" : "?job=" + URLEncoder.encode(job, StandardCharsets.UTF_8));
    try {
      byte[] text = new RestClient(endpoint.replaceAll("/+$", ""), token).getBytes(path);
      System.out.write(text);
      System.out.flush();
      return 0;
    } catch (IOException e) {
      System.err.println("cairn build explain: " + e.getMessage());
      return 1;
    }
  }
}
