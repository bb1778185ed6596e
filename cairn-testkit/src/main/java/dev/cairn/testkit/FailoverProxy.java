package dev.cairn.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP load balancer in front of several servers, as replicas are deployed: each new connection
 * goes to the first upstream port that accepts it, so once a server dies (its port refuses) new
 * connections go to the next one. A connection whose upstream dies is closed on both sides, and the
 * client reconnects like it would through a real balancer. Bytes are copied as they are, on virtual
 * threads. Close it to stop listening and cut every connection.
 */
public final class FailoverProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Integer> upstreams;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** Listens on a free port of 127.0.0.1 in front of {@code upstreams}, in order of preference. */
  public FailoverProxy(List<Integer> upstreams) {
    this.upstreams = List.copyOf(upstreams);
    try {
      this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    Thread.ofVirtual().name("failover-proxy").start(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        open.add(client);
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = connect();
    if (upstream == null) {
      close(client);
      return;
    }
    open.add(upstream);
    Thread.ofVirtual().start(() -> pipe(upstream, client));
    pipe(client, upstream);
  }

  private Socket connect() {
    for (int port : upstreams) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return socket;
      } catch (IOException refused) {
        close(socket);
      }
    }
    return null;
  }

  /** Copies {@code from} to {@code to} until either side ends, then closes both. */
  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ended) {
      // One side went away; close both below.
    } finally {
      close(from);
      close(to);
    }
  }

  private void close(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already gone.
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // Already closed.
    }
    open.forEach(this::close);
  }
}
