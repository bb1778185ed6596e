package dev.cairn.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Which client an agent uses for which URL, and that plain HTTP never sets up the default TLS. */
final class HttpClientsTest {
  private static final URI PLAIN = URI.create("http://127.0.0.1:8080/v3/ping");
  private static final URI SECURE = URI.create("https://artifacts.example.com/upload");

  @Test
  void aPlainEndpointSetsUpTheDefaultTlsOnlyForAnHttpsUrl() throws Exception {
    try (HttpClients clients = HttpClients.forEndpoint(URI.create("http://127.0.0.1:8080/v3"))) {
      HttpClient plain = clients.forUri(PLAIN);
      assertThat(plain.sslContext()).isNotSameAs(SSLContext.getDefault());
      HttpClient tls = clients.forUri(SECURE);
      assertThat(tls).isNotSameAs(plain);
      assertThat(tls.sslContext()).isSameAs(SSLContext.getDefault());
      assertThat(clients.forUri(SECURE)).as("made once").isSameAs(tls);
      assertThat(clients.forUri(PLAIN)).isSameAs(plain);
    }
  }

  @Test
  void anHttpsEndpointUsesOneTlsClientForEverything() throws Exception {
    try (HttpClients clients = HttpClients.forEndpoint(URI.create("https://ci.example.com/v3"))) {
      assertThat(clients.forUri(SECURE).sslContext()).isSameAs(SSLContext.getDefault());
      assertThat(clients.forUri(PLAIN)).isSameAs(clients.forUri(SECURE));
    }
  }

  @Test
  void noTlsClientIsMadeAfterClose() {
    HttpClients clients = HttpClients.forEndpoint(URI.create("http://127.0.0.1:8080/v3"));
    clients.close();
    assertThatThrownBy(() -> clients.forUri(SECURE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
