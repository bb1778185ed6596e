package dev.cairn.agent.jobapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job API server on a real Unix socket: malformed and unexpected requests get clear errors. */
final class JobApiServerTest {
  @TempDir Path dir;
  private final Map<String, String> env = new ConcurrentHashMap<>();
  private final List<String> redactions = new CopyOnWriteArrayList<>();
  private final List<Path> workdirs = new CopyOnWriteArrayList<>();
  private JobApiServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        JobApiServer.start(
            dir.resolve("api.sock"),
            new JobApiServer.Job() {
              @Override
              public Map<String, String> environment() {
                return env;
              }

              @Override
              public void redact(String secret) {
                redactions.add(secret);
              }

              @Override
              public void environmentChanged() {}

              @Override
              public void requestWorkdir(Path workdir) {
                workdirs.add(workdir);
              }
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theSocketIsPrivateAndRemovedOnClose() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())))
        .isEqualTo("rw-------");
    server.close();
    assertThat(server.socket()).doesNotExist();
  }

  @Test
  void answersGarbageWithABadRequest() throws IOException {
    String reply = raw("hello there\r\n\r\n");
    assertThat(reply).startsWith("HTTP/1.1 400 ").contains("not an HTTP/1.x request line");
  }

  @Test
  void unknownRoutesMethodsAndBodiesAreNamed() throws Exception {
    JobApiClient client = new JobApiClient(server.socket(), server.token());
    assertThat(client.call("GET", "/nope", null).status()).isEqualTo(404);
    UnixHttp.Response put = client.call("PUT", "/env", "{}");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.body()).contains("PUT not allowed on /api/current-job/v0/env");
    UnixHttp.Response badJson = client.call("PATCH", "/env", "{not json");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.body()).contains("failed to decode request body");
    UnixHttp.Response nullValue = client.call("PATCH", "/env", "{\"env\":{\"A\":null}}");
    assertThat(nullValue.status()).isEqualTo(422);
    assertThat(env).isEmpty();
  }

  @Test
  void putWorkdirTakesOnlyAnAbsolutePath() throws Exception {
    JobApiClient client = new JobApiClient(server.socket(), server.token());
    UnixHttp.Response ok = client.call("PUT", "/workdir", "{\"workdir\":\"/srv/app\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).contains("\"workdir\":\"/srv/app\"");
    UnixHttp.Response relative = client.call("PUT", "/workdir", "{\"workdir\":\"app\"}");
    assertThat(relative.status()).isEqualTo(422);
    assertThat(relative.body()).contains("absolute path");
    assertThat(client.call("PUT", "/workdir", "{\"workdir\":\"\"}").status()).isEqualTo(422);
    assertThat(client.call("POST", "/workdir", "{}").status()).isEqualTo(405);
    assertThat(workdirs).containsExactly(Path.of("/srv/app"));
  }

  @Test
  void aWrongTokenChangesNothing() throws Exception {
    JobApiClient client = new JobApiClient(server.socket(), "not-the-token");
    UnixHttp.Response reply = client.call("PATCH", "/env", "{\"env\":{\"A\":\"1\"}}");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(env).isEmpty();
  }

  private String raw(String request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(server.socket()));
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
      return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
