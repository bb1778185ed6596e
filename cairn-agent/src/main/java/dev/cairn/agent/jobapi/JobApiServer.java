package dev.cairn.agent.jobapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one job's local API on a Unix domain socket (spec §4.8) while the job runs.
 *
 * <p>Design note: an accept loop on a virtual thread, one virtual thread per connection, one
 * request per connection. Every request must carry {@code Authorization: Bearer <token>}; the token
 * is 32 random bytes handed to the job as {@code BUILDKITE_AGENT_JOB_API_TOKEN} (redacted like
 * every {@code *_TOKEN}). The socket file is made readable only by its owner. A connection that has
 * not sent its request within {@link #READ_TIMEOUT} is closed, so a stuck client cannot hold a
 * thread for the job's life. Variables the agent controls ({@link #PROTECTED}) cannot be changed,
 * as in the official agent. Thread-safe; {@link #close} stops serving and removes the socket file.
 */
public final class JobApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobApiServer.class);
  static final String PREFIX = "/api/current-job/v0";
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Variables only the agent sets, which the API refuses to change (the official list). */
  public static final Set<String> PROTECTED =
      Set.of(
          "BUILDKITE_AGENT_ACCESS_TOKEN",
          "BUILDKITE_AGENT_DEBUG",
          "BUILDKITE_AGENT_ENDPOINT",
          "BUILDKITE_AGENT_JOB_TIMEOUT_FILE",
          "BUILDKITE_AGENT_PID",
          "BUILDKITE_BIN_PATH",
          "BUILDKITE_BUILD_PATH",
          "BUILDKITE_COMMAND_EVAL",
          "BUILDKITE_CONFIG_PATH",
          "BUILDKITE_CONTAINER_COUNT",
          "BUILDKITE_GIT_MIRRORS_PATH",
          "BUILDKITE_HOOKS_PATH",
          "BUILDKITE_HOOKS_SHELL",
          "BUILDKITE_KUBERNETES_EXEC",
          "BUILDKITE_LOCAL_HOOKS_ENABLED",
          "BUILDKITE_PLUGINS_ENABLED",
          "BUILDKITE_PLUGINS_PATH",
          "BUILDKITE_SHELL",
          "BUILDKITE_SSH_KEYSCAN",
          "BUILDKITE_AGENT_JOB_API_SOCKET",
          "BUILDKITE_AGENT_JOB_API_TOKEN");

  /** What the API acts on: the running job. */
  public interface Job {
    /** The job's live environment (thread-safe map). */
    Map<String, String> environment();

    /** Redacts {@code secret} from the job's log from now on. */
    void redact(String secret);

    /** Called after the API changed the environment (so the redactor sees new secrets). */
    void environmentChanged();

    /**
     * Records the working directory a hook asked for ({@code PUT /workdir}); the job moves there
     * once the hook has exited.
     */
    void requestWorkdir(Path workdir);
  }

  private final Path socket;
  private final String token;
  private final Job job;
  private final ServerSocketChannel channel;
  private final Thread acceptor;

  private JobApiServer(Path socket, String token, Job job, ServerSocketChannel channel) {
    this.socket = socket;
    this.token = token;
    this.job = job;
    this.channel = channel;
    this.acceptor = Thread.ofVirtual().name("cairn-job-api").unstarted(this::accept);
  }

  /**
   * Listens on {@code socket} (which must not exist; its path must be under about 100 bytes).
   *
   * @throws IOException if the socket cannot be created
   */
  public static JobApiServer start(Path socket, Job job) throws IOException {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    JobApiServer server = new JobApiServer(socket, HexFormat.of().formatHex(secret), job, channel);
    server.acceptor.start();
    return server;
  }

  public Path socket() {
    return socket;
  }

  /** The bearer token; a secret. */
  public String token() {
    return token;
  }

  private void accept() {
    while (channel.isOpen()) {
      SocketChannel connection;
      try {
        connection = channel.accept();
      } catch (IOException e) {
        if (channel.isOpen()) {
          LOG.debug("job API accept failed", e);
        }
        return;
      }
      Thread.ofVirtual().name("cairn-job-api-conn").start(() -> serve(connection));
    }
  }

  private void serve(SocketChannel connection) {
    Thread watchdog =
        Thread.ofVirtual()
            .start(() -> {
              try {
                Thread.sleep(READ_TIMEOUT);
                connection.close();
              } catch (InterruptedException | IOException e) {
                // Served in time (interrupted) or already closed.
              }
            });
    try (connection) {
      InputStream in = Channels.newInputStream(connection);
      OutputStream out = Channels.newOutputStream(connection);
      UnixHttp.Response response;
      try {
        UnixHttp.Request request = UnixHttp.readRequest(in);
        watchdog.interrupt();
        response = handle(request);
      } catch (IOException e) {
        response = error(400, "bad request: " + e.getMessage());
      }
      UnixHttp.writeResponse(out, response);
    } catch (IOException e) {
      LOG.debug("job API connection failed", e);
    } finally {
      watchdog.interrupt();
    }
  }

  UnixHttp.Response handle(UnixHttp.Request request) {
    if (!authorized(request.headers().getOrDefault("authorization", ""))) {
      return error(401, "invalid or missing bearer token");
    }
    String path = request.path();
    int query = path.indexOf('?');
    String route = query < 0 ? path : path.substring(0, query);
    try {
      return switch (route) {
        case PREFIX + "/env" ->
            switch (request.method()) {
              case "GET" -> getEnv();
              case "PATCH" -> patchEnv(JSON.readTree(request.body()));
              case "DELETE" -> deleteEnv(JSON.readTree(request.body()));
              default -> error(405, "method " + request.method() + " not allowed on " + route);
            };
        case PREFIX + "/workdir" ->
            request.method().equals("PUT")
                ? setWorkdir(JSON.readTree(request.body()))
                : error(405, "method " + request.method() + " not allowed on " + route);
        case PREFIX + "/redactions" ->
            request.method().equals("POST")
                ? redact(JSON.readTree(request.body()))
                : error(405, "method " + request.method() + " not allowed on " + route);
        default -> error(404, "no route " + route);
      };
    } catch (IOException e) {
      return error(400, "failed to decode request body: " + e.getMessage());
    }
  }

  private boolean authorized(String header) {
    String expected = "Bearer " + token;
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
  }

  private UnixHttp.Response getEnv() {
    ObjectNode reply = JSON.createObjectNode();
    ObjectNode env = reply.putObject("env");
    new TreeMap<>(job.environment()).forEach(env::put);
    return ok(200, reply);
  }

  private UnixHttp.Response patchEnv(JsonNode body) {
    JsonNode env = body == null ? null : body.get("env");
    if (env == null || !env.isObject()) {
      return error(400, "failed to decode request body: expected {\"env\": {...}}");
    }
    List<String> names = new ArrayList<>();
    env.fieldNames().forEachRemaining(names::add);
    List<String> protectedNames = names.stream().filter(PROTECTED::contains).sorted().toList();
    if (!protectedNames.isEmpty()) {
      return error(
          422,
          "the following environment variables are protected, and cannot be modified: "
              + protectedNames);
    }
    List<String> nulls = names.stream().filter(n -> !env.get(n).isTextual()).sorted().toList();
    if (!nulls.isEmpty()) {
      return error(
          422,
          "removing environment variables (ie setting them to null) is not permitted on this"
              + " endpoint, and values must be strings. The following keys were not: "
              + nulls);
    }
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    Map<String, String> live = job.environment();
    for (String name : names) {
      String previous = live.put(name, env.get(name).asText());
      (previous == null ? added : updated).add(name);
    }
    job.environmentChanged();
    ObjectNode reply = JSON.createObjectNode();
    added.stream().sorted().forEach(reply.putArray("added")::add);
    updated.stream().sorted().forEach(reply.putArray("updated")::add);
    return ok(200, reply);
  }

  private UnixHttp.Response deleteEnv(JsonNode body) {
    JsonNode keys = body == null ? null : body.get("keys");
    if (keys == null || !keys.isArray()) {
      return error(400, "failed to decode request body: expected {\"keys\": [...]}");
    }
    List<String> names = new ArrayList<>();
    keys.forEach(k -> names.add(k.asText()));
    List<String> protectedNames = names.stream().filter(PROTECTED::contains).sorted().toList();
    if (!protectedNames.isEmpty()) {
      return error(
          422,
          "the following environment variables are protected, and cannot be modified: "
              + protectedNames);
    }
    Map<String, String> live = job.environment();
    List<String> deleted =
        names.stream().filter(n -> live.remove(n) != null).sorted().distinct().toList();
    ObjectNode reply = JSON.createObjectNode();
    deleted.forEach(reply.putArray("deleted")::add);
    return ok(200, reply);
  }

  /**
   * {@code PUT /workdir}: only an absolute path is taken, and it is not checked here; the {@code
   * workdir set} command resolves a relative path against the hook's directory and checks that it
   * exists, as in the official agent.
   */
  private UnixHttp.Response setWorkdir(JsonNode body) {
    JsonNode value = body == null ? null : body.get("workdir");
    if (value == null || !value.isTextual()) {
      return error(400, "failed to decode request body: expected {\"workdir\": \"...\"}");
    }
    if (value.asText().isEmpty()) {
      return error(422, "workdir must not be empty");
    }
    Path workdir = Path.of(value.asText());
    if (!workdir.isAbsolute()) {
      return error(422, "workdir must be an absolute path, got \"" + value.asText() + "\"");
    }
    job.requestWorkdir(workdir);
    ObjectNode reply = JSON.createObjectNode();
    reply.put("workdir", value.asText());
    return ok(200, reply);
  }

  private UnixHttp.Response redact(JsonNode body) {
    JsonNode value = body == null ? null : body.get("redact");
    if (value == null || !value.isTextual()) {
      return error(400, "failed to decode request body: expected {\"redact\": \"...\"}");
    }
    job.redact(value.asText());
    ObjectNode reply = JSON.createObjectNode();
    reply.put("redacted", value.asText());
    return ok(201, reply);
  }

  private static UnixHttp.Response ok(int status, JsonNode body) {
    try {
      return new UnixHttp.Response(status, JSON.writeValueAsString(body) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static UnixHttp.Response error(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    return ok(status, body);
  }

  /**
   * Stops serving and removes the socket file. The accept loop ends by itself once the socket is
   * closed; the job does not wait for it (that took a quarter of a millisecond of every job under
   * load), as connections already accepted are served on threads of their own either way.
   */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the job API socket failed", e);
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.debug("cannot remove {}", socket, e);
    }
  }
}
