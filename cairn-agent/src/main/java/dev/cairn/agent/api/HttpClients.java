package dev.cairn.agent.api;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP clients of one agent.
 *
 * <p>Agent API calls go through a pooled, blocking HTTP/1.1 client (Apache HttpClient 5, classic),
 * which runs each call on its caller's (virtual) thread. The JDK's client hands every exchange
 * between its selector thread and an executor, which cost about twice the CPU per call (105 µs
 * against 47 µs, client and server together, for a small JSON call on 127.0.0.1): at four to six
 * calls per job that was the largest single cost of a trivial job (bench/run.sh throughput).
 *
 * <p>Artifact transfers (multipart uploads, downloads of signed URLs, perhaps over HTTP/2) keep the
 * JDK's client, made on first use, as they are few and large. With HTTP/2 turned off ({@code
 * --no-http2}, {@code BUILDKITE_NO_HTTP2}) it speaks HTTP/1.1 only: no {@code h2} in the TLS
 * handshake and no {@code h2c} upgrade of plain connections, for proxies and stores that mishandle
 * HTTP/2, as the official agent's {@code DisableHTTP2} does.
 *
 * <p>TLS is set up only when an {@code https:} connection is made: setting it up loads the default
 * trust store, which costs a one-job agent talking plain HTTP to its server a tenth of its CPU time
 * before the job's first log byte (bench/run.sh agent). Thread-safe; {@link #close} closes both.
 */
public final class HttpClients implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * A pooled connection idle for longer is checked before reuse, so that one the server closed
   * meanwhile is replaced instead of failing the call.
   */
  private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(1);

  /**
   * More connections than an agent ever has calls in flight: the calls are bounded by its own
   * threads (a ping, a state poll and a few log uploads per worker), so the pool must never make
   * one wait.
   */
  private static final int MAX_CONNECTIONS = 1024;

  private final CloseableHttpClient api;
  private final HttpClient.Version transferVersion;
  private HttpClient transfers;
  private boolean closed;

  private HttpClients(CloseableHttpClient api, HttpClient.Version transferVersion) {
    this.api = api;
    this.transferVersion = transferVersion;
  }

  /** The clients of one agent (or of one in-job command), transfers over HTTP/2 where offered. */
  public static HttpClients create() {
    return create(true);
  }

  /** The clients of one agent, transfers over HTTP/2 where offered ({@code true}) or HTTP/1.1. */
  public static HttpClients create(boolean http2) {
    return create(DefaultClientTlsStrategy::createSystemDefault, http2);
  }

  /**
   * As {@link #create()}, with the TLS set-up that {@code tls} makes on the first TLS connection.
   */
  static HttpClients create(Supplier<TlsSocketStrategy> tls) {
    return create(tls, true);
  }

  private static HttpClients create(Supplier<TlsSocketStrategy> tls, boolean http2) {
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(new LazyTls(tls))
            .setMaxConnTotal(MAX_CONNECTIONS)
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                    .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                    .build())
            .build();
    return new HttpClients(
        org.apache.hc.client5.http.impl.classic.HttpClients.custom()
            .setConnectionManager(connections)
            // ApiTransport's callers retry by their own policies (Retrier), and the agent API
            // neither redirects nor sets cookies nor compresses what it sends.
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .disableConnectionState()
            .build(),
        http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
  }

  /** The client for agent API calls. */
  CloseableHttpClient api() {
    return api;
  }

  /** The client for artifact transfers, made on first use. */
  synchronized HttpClient transfers() {
    if (closed) {
      throw new IllegalStateException("the agent's HTTP clients are closed");
    }
    if (transfers == null) {
      transfers =
          HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(transferVersion).build();
    }
    return transfers;
  }

  /** Whether {@link #close} was called. */
  synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    HttpClient made;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      made = transfers;
    }
    api.close(CloseMode.GRACEFUL);
    if (made != null) {
      made.close();
    }
  }

  /** Makes the real TLS set-up when the first {@code https:} connection needs it. */
  private static final class LazyTls implements TlsSocketStrategy {
    private final Supplier<TlsSocketStrategy> make;
    private volatile TlsSocketStrategy made;

    LazyTls(Supplier<TlsSocketStrategy> make) {
      this.make = make;
    }

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      return strategy().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy strategy() {
      TlsSocketStrategy known = made;
      if (known == null) {
        synchronized (this) {
          if (made == null) {
            made = make.get();
          }
          known = made;
        }
      }
      return known;
    }
  }
}
