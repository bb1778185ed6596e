package dev.cairn.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Reads {@code --health-check-addr} as the official agent's Go listener reads it: {@code
 * HOST:PORT}, {@code [IPV6]:PORT}, or {@code :PORT} for every interface of this host. Each error
 * names the flag, its variable and the value given.
 */
final class HealthCheckAddress {
  private static final String FLAG = "--health-check-addr (BUILDKITE_AGENT_HEALTH_CHECK_ADDR)";

  private HealthCheckAddress() {}

  /** The address to listen on; null or blank means no health check server. */
  static InetSocketAddress parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw invalid(text, "must be HOST:PORT or :PORT");
    }
    String host = text.substring(0, colon);
    int port = port(text, text.substring(colon + 1));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw invalid(text, "must put an IPv6 address in brackets, as [::1]:PORT");
    }
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw invalid(text, "names a host that cannot be resolved", e);
    }
  }

  private static int port(String text, String port) {
    try {
      int number = Integer.parseInt(port);
      if (number >= 0 && number <= 65535) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below with the range.
    }
    throw invalid(text, "must end in a port from 0 to 65535");
  }

  private static IllegalArgumentException invalid(String value, String problem) {
    return new IllegalArgumentException(FLAG + " " + problem + ", got '" + value + "'");
  }

  private static IllegalArgumentException invalid(String value, String problem, Throwable cause) {
    return new IllegalArgumentException(FLAG + " " + problem + ", got '" + value + "'", cause);
  }
}
