package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTPS server on 127.0.0.1 with a self-signed certificate made by the JDK's {@code keytool}
 * for this test only, and the client side that trusts it: {@link #trustInThisJvm()} makes it the
 * JVM's default {@link SSLContext} (what the agent's downloads use) until {@link #close()}.
 */
final class TlsFixture implements AutoCloseable {
  private static final char[] PASSWORD = "test-only".toCharArray();

  private final HttpsServer server;
  private final SSLContext trusting;
  private final SSLContext previous;

  private TlsFixture(HttpsServer server, SSLContext trusting, SSLContext previous) {
    this.server = server;
    this.trusting = trusting;
    this.previous = previous;
  }

  /** Serves {@code body} at {@code path} over HTTPS; counts nothing, stores nothing. */
  static TlsFixture serving(Path work, String path, byte[] body) throws Exception {
    Path keystore = work.resolve("tls.p12");
    Process keytool =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "test",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "san=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    new String(PASSWORD),
                    "-keypass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(out).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keys);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext(
        path,
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new TlsFixture(server, clientContext, SSLContext.getDefault());
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Makes this server's certificate trusted by new HTTP clients of this JVM until close. */
  void trustInThisJvm() {
    SSLContext.setDefault(trusting);
  }

  @Override
  public void close() {
    SSLContext.setDefault(previous);
    server.stop(0);
  }
}
