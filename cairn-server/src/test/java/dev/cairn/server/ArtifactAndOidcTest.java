package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts through the upload instructions the server hands out (a multipart form POST exactly as
 * the agent's form uploader builds it) and back through the signed download links of a search; OIDC
 * tokens verified against the published key set.
 */
class ArtifactAndOidcTest {
  private static final String STEPS = "steps:\n  - key: make\n    command: make\n";

  @TempDir Path dataDir;
  private AgentHarness h;

  @BeforeEach
  void start() {
    h = new AgentHarness(dataDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void anArtifactIsUploadedSearchedAndDownloadedByteForByte() throws Exception {
    AgentHarness.Running job = h.startJob(STEPS);
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + (i >> 7));
    }
    String batch =
        h.json.writeValueAsString(
            Map.of(
                "id",
                "11111111-2222-3333-4444-555555555555",
                "artifacts",
                java.util.List.of(
                    Map.of(
                        "path", "dist/app.bin",
                        "absolute_path", "/tmp/dist/app.bin",
                        "glob_path", "dist/*",
                        "file_size", content.length,
                        "sha1sum", digest("SHA-1", content),
                        "sha256sum", digest("SHA-256", content),
                        "content_type", "application/octet-stream"),
                    Map.of(
                        "path",
                        "logs/out.txt",
                        "file_size",
                        5,
                        "sha1sum",
                        digest("SHA-1", "hello".getBytes(StandardCharsets.UTF_8)),
                        "sha256sum",
                        "0000")),
                "upload_destination",
                "",
                "multipart_supported",
                false));
    String path = "/v3/jobs/" + job.jobId() + "/artifacts";
    JsonNode created = h.body(h.call("POST", path, job.jobToken(), batch));
    assertThat(created.path("artifact_ids")).hasSize(2);
    String appId = created.path("artifact_ids").get(0).asText();
    String logId = created.path("artifact_ids").get(1).asText();
    assertThat(h.body(h.call("POST", path, job.jobToken(), batch)).path("artifact_ids"))
        .as("a retried batch gets the same ids")
        .isEqualTo(created.path("artifact_ids"));

    JsonNode app = created.path("per_artifact_instructions").path(appId);
    assertThat(app.path("action").path("file_input").asText()).isEqualTo("file");
    HttpResponse<String> forged =
        formUpload(app, "dist/app.bin", content, Map.of("token", "1.forged"));
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> uploaded = formUpload(app, "dist/app.bin", content, Map.of());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isBetween(200, 201);
    HttpResponse<String> corrupt =
        formUpload(
            created.path("upload_instructions"),
            "logs/out.txt",
            "hello".getBytes(StandardCharsets.UTF_8),
            Map.of());
    assertThat(corrupt.statusCode()).as("the sha256 does not match").isEqualTo(422);

    String states =
        "{\"artifacts\":[{\"id\":\""
            + appId
            + "\",\"state\":\"finished\"},{\"id\":\""
            + logId
            + "\",\"state\":\"error\"}]}";
    assertThat(h.call("PUT", path, job.jobToken(), states).statusCode()).isEqualTo(200);
    assertThat(
            h.call(
                    "PUT",
                    path,
                    job.jobToken(),
                    "{\"artifacts\":[{\"id\":\"nope\",\"state\":\"finished\"}]}")
                .statusCode())
        .isEqualTo(422);

    String search = "/v3/builds/" + job.buildId() + "/artifacts/search";
    JsonNode found =
        h.body(
            h.call(
                "GET",
                search + "?query=dist/*.bin&scope=make&state=finished",
                job.jobToken(),
                null));
    assertThat(found).hasSize(1);
    assertThat(found.get(0).path("id").asText()).isEqualTo(appId);
    assertThat(found.get(0).path("sha256sum").asText()).isEqualTo(digest("SHA-256", content));
    assertThat(found.get(0).path("sha1sum").asText()).isEqualTo(digest("SHA-1", content));
    assertThat(h.body(h.call("GET", search + "?query=*", job.jobToken(), null)))
        .as("* stays within one directory")
        .isEmpty();
    assertThat(
            h.body(h.call("GET", search + "?query=**&scope=" + job.jobId(), job.jobToken(), null)))
        .hasSize(2);
    assertThat(h.body(h.call("GET", search + "?state=error", job.jobToken(), null))).hasSize(1);

    String url = found.get(0).path("url").asText();
    HttpResponse<byte[]> download =
        h.http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(content);
    assertThat(h.get(url.replaceAll("token=[^&]+", "token=1.x")).statusCode()).isEqualTo(403);

    try (Stream<Path> files = Files.walk(dataDir.resolve("artifacts"))) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .as("the bytes live under <data-dir>/artifacts, and the refused upload left nothing")
          .hasSize(1);
    }
  }

  @Test
  void oidcTokensAreSignedByTheKeyTheServerPublishes() throws Exception {
    AgentHarness.Running job = h.startJob(STEPS);
    String path = "/v3/jobs/" + job.jobId() + "/oidc/tokens";
    String token =
        h.body(
                h.call(
                    "POST",
                    path,
                    job.jobToken(),
                    "{\"audience\":\"sts.amazonaws.com\",\"lifetime\":600,\"claims\":[\"pipeline_id\"]}"))
            .path("token")
            .asText();
    JsonNode discovery =
        h.json.readTree(h.get(h.base() + "/.well-known/openid-configuration").body());
    assertThat(discovery.path("issuer").asText()).isEqualTo(h.base());
    JWKSet keys = JWKSet.parse(h.get(discovery.path("jwks_uri").asText()).body());
    assertThat(keys.getKeys()).hasSize(1);
    assertThat(keys.getKeys().getFirst().isPrivate()).isFalse();

    SignedJWT jwt = SignedJWT.parse(token);
    ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(h.base());
    assertThat(claims.getAudience()).containsExactly("sts.amazonaws.com");
    assertThat(claims.getSubject())
        .startsWith("organization:default:pipeline:p")
        .contains(":ref:refs/heads/main:commit:HEAD:step:make");
    Map<String, Object> raw = claims.toJSONObject();
    assertThat((Long) raw.get("exp") - (Long) raw.get("iat")).isEqualTo(600);
    assertThat(raw.get("nbf")).isEqualTo(raw.get("iat"));
    assertThat(claims.getJWTID()).isNotEmpty();
    assertThat(claims.getStringClaim("job_id")).isEqualTo(job.jobId());
    assertThat(claims.getStringClaim("step_key")).isEqualTo("make");
    assertThat(claims.getStringClaim("organization_slug")).isEqualTo("default");
    assertThat(claims.getStringClaim("build_branch")).isEqualTo("main");
    assertThat(claims.getStringClaim("runner_environment")).isEqualTo("self-hosted");
    assertThat(claims.getStringClaim("agent_id")).isNotEmpty();
    assertThat(claims.getStringClaim("pipeline_id")).isNotEmpty();
    assertThat(claims.getLongClaim("build_number")).isEqualTo(job.buildNumber());

    SignedJWT plain =
        SignedJWT.parse(h.body(h.call("POST", path, job.jobToken(), "{}")).path("token").asText());
    assertThat(plain.getJWTClaimsSet().getAudience()).containsExactly(h.base());
    Map<String, Object> plainClaims = plain.getJWTClaimsSet().toJSONObject();
    assertThat((Long) plainClaims.get("exp") - (Long) plainClaims.get("iat")).isEqualTo(300);
    assertThat(h.call("POST", path, job.jobToken(), "{\"claims\":[\"secret_sauce\"]}").statusCode())
        .isEqualTo(422);
    assertThat(h.call("POST", path, job.jobToken(), "{\"lifetime\":86400}").statusCode())
        .isEqualTo(422);
  }

  /** The request the agent's form uploader makes: data fields, then the file, last. */
  private HttpResponse<String> formUpload(
      JsonNode instructions, String artifactPath, byte[] content, Map<String, String> override)
      throws Exception {
    String boundary = "b0undary" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var field : instructions.path("data").properties()) {
      String value =
          override
              .getOrDefault(field.getKey(), field.getValue().asText())
              .replace("${artifact:path}", artifactPath);
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field.getKey()
                  + "\"\r\n\r\n"
                  + value
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    JsonNode action = instructions.path("action");
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + action.path("file_input").asText()
                + "\"; filename=\""
                + artifactPath
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(content);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    URI base = URI.create(action.path("url").asText());
    URI target =
        new URI(
            base.getScheme(),
            null,
            base.getHost(),
            base.getPort(),
            action.path("path").asText(),
            null,
            null);
    return h.http.send(
        HttpRequest.newBuilder(target)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .method(
                action.path("method").asText(),
                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String digest(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
