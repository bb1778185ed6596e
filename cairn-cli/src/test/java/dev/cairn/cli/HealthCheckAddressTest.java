package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@code --health-check-addr} read as the official agent's Go listener reads its address. */
final class HealthCheckAddressTest {
  private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

  @Test
  void hostAndPortBracketedIpv6AndPortAloneForEveryInterface() throws Exception {
    assertThat(HealthCheckAddress.parse("127.0.0.1:8080"))
        .isEqualTo(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8080));
    assertThat(HealthCheckAddress.parse("[::1]:9"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByAddress(IPV6_LOOPBACK), 9));
    InetSocketAddress any = HealthCheckAddress.parse(":3901");
    assertThat(any.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(any.getPort()).isEqualTo(3901);
  }

  @Test
  void noneUnlessGiven() {
    assertThat(HealthCheckAddress.parse(null)).isNull();
    assertThat(HealthCheckAddress.parse(" ")).isNull();
    assertThat(parse().healthCheckAddr).isNull();
    assertThat(parse("--health-check-addr", "127.0.0.1:1").healthCheckAddr)
        .isEqualTo("127.0.0.1:1");
  }

  @Test
  void aMalformedAddressIsRefusedNamingTheFlagAndTheValue() {
    for (String bad :
        new String[] {"8080", "localhost:http", "127.0.0.1:70000", "127.0.0.1:", "::1:80"}) {
      assertThatIllegalArgumentException()
          .as(bad)
          .isThrownBy(() -> HealthCheckAddress.parse(bad))
          .withMessageStartingWith("--health-check-addr (BUILDKITE_AGENT_HEALTH_CHECK_ADDR) ")
          .withMessageEndingWith("got '" + bad + "'");
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheckAddress.parse("no-such-host.invalid:80"))
        .withMessageContaining("cannot be resolved");
  }
}
