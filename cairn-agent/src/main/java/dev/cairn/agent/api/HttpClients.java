package dev.cairn.agent.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP clients of one agent: one for plain {@code http:} URLs and one, made on first use, for
 * {@code https:} ones. The JDK's client sets up TLS as it is built, loading the default trust store
 * even if it never makes a TLS connection, which costs a one-job agent talking plain HTTP to its
 * server a tenth of its CPU time before the job's first log byte (bench/run.sh agent); so the plain
 * client gets a TLS context that trusts nothing and is never used, and only an HTTPS URL (an HTTPS
 * endpoint, artifact storage, an endpoint moved by register) builds the real one. Thread-safe;
 * {@link #close} closes both.
 */
public final class HttpClients implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient plain;
  private final boolean owned;
  private HttpClient tls;
  private boolean closed;

  private HttpClients(HttpClient plain, HttpClient tls, boolean owned) {
    this.plain = plain;
    this.tls = tls;
    this.owned = owned;
  }

  /** Clients for an agent whose API is at {@code endpoint}. */
  public static HttpClients forEndpoint(URI endpoint) {
    if ("https".equalsIgnoreCase(endpoint.getScheme())) {
      return new HttpClients(null, withTls(), true);
    }
    return new HttpClients(
        HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).sslContext(noTls()).build(),
        null,
        true);
  }

  /** One client for every URL (closed by whoever made it, not by {@link #close}). */
  static HttpClients of(HttpClient client) {
    return new HttpClients(client, client, false);
  }

  /** A client for HTTP/1.1 and HTTP/2 with the default TLS set-up and a bounded connect time. */
  static HttpClient withTls() {
    return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** The client for requests to {@code uri}. */
  HttpClient forUri(URI uri) {
    if (plain != null && !"https".equalsIgnoreCase(uri.getScheme())) {
      return plain;
    }
    synchronized (this) {
      if (tls == null) {
        if (closed) {
          throw new IllegalStateException("the agent's HTTP clients are closed");
        }
        tls = withTls();
      }
      return tls;
    }
  }

  @Override
  public void close() {
    HttpClient made;
    synchronized (this) {
      if (closed || !owned) {
        return;
      }
      closed = true;
      made = tls;
    }
    if (plain != null) {
      plain.close();
    }
    if (made != null) {
      made.close();
    }
  }

  /** A TLS context that trusts no certificate, for a client that only ever talks plain HTTP. */
  private static SSLContext noTls() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[] {new TrustsNothing()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  private static final class TrustsNothing implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("this client is for plain HTTP only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("this client is for plain HTTP only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
