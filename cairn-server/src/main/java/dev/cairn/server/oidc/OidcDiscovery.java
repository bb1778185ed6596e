package dev.cairn.server.oidc;

import dev.cairn.server.http.Replies;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /.well-known/openid-configuration} and {@code GET /.well-known/jwks.json}, public, so
 * cloud IAM, Vault and other relying parties can verify job tokens issued by this server.
 */
public final class OidcDiscovery {
  private final OidcIssuer issuer;
  private final Supplier<String> baseUrl;
  private final List<String> claims;

  public OidcDiscovery(OidcIssuer issuer, Supplier<String> baseUrl, List<String> claims) {
    this.issuer = issuer;
    this.baseUrl = baseUrl;
    this.claims = List.copyOf(claims);
  }

  public void routes(HttpRouting.Builder routing) {
    routing
        .get("/.well-known/openid-configuration", this::configuration)
        .get("/.well-known/jwks.json", this::keys);
  }

  private void configuration(ServerRequest req, ServerResponse res) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("issuer", baseUrl.get());
    json.put("jwks_uri", baseUrl.get() + "/.well-known/jwks.json");
    json.put("response_types_supported", List.of("id_token"));
    json.put("subject_types_supported", List.of("public"));
    json.put("id_token_signing_alg_values_supported", List.of("ES256"));
    json.put("scopes_supported", List.of("openid"));
    json.put("claims_supported", claims);
    Replies.ok(res, json);
  }

  private void keys(ServerRequest req, ServerResponse res) {
    Replies.ok(res, issuer.publicKeys());
  }
}
