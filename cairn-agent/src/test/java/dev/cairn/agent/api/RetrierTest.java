package dev.cairn.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retry loops with a recording sleeper: the delays are observed, never slept. */
final class RetrierTest {
  private final List<Duration> slept = new ArrayList<>();
  private final Retrier retrier =
      new Retrier(new Timing(InstantSource.system(), slept::add, new Random(1)));
  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void retriesRetryableFailuresUntilSuccess() throws Exception {
    String result =
        retrier.call(
            RetryPolicy.REGISTER,
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw AgentApiException.status("POST register", 503, "busy");
              }
              return "ok";
            });

    assertThat(result).isEqualTo("ok");
    assertThat(slept).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void stopsAtOnceOnANonRetryableStatus() {
    assertThatThrownBy(() -> retrier.call(RetryPolicy.REGISTER, failWith(401)))
        .isInstanceOf(AgentApiException.class);

    assertThat(attempts).hasValue(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    assertThatThrownBy(() -> retrier.call(RetryPolicy.DISCONNECT, failWith(500)))
        .isInstanceOf(AgentApiException.class);

    assertThat(attempts).hasValue(4);
    assertThat(slept).hasSize(3);
  }

  @Test
  void acceptRetriesOnlyNetworkErrors() {
    assertThatThrownBy(() -> retrier.call(RetryPolicy.ACCEPT, failWith(503)))
        .isInstanceOf(AgentApiException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void exponentialDelaysGrowToTheirCapWithBoundedJitter() throws Exception {
    assertThatThrownBy(() -> retrier.call(RetryPolicy.UPLOAD, failWith(502)))
        .isInstanceOf(AgentApiException.class);

    assertThat(slept).hasSize(11);
    for (int i = 0; i < slept.size(); i++) {
      Duration base = RetryPolicy.UPLOAD.delayAfter(i + 1);
      assertThat(slept.get(i)).isBetween(base, base.plus(base.dividedBy(2)));
    }
    assertThat(RetryPolicy.UPLOAD.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryPolicy.UPLOAD.delayAfter(30)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theClassifierRetriesNetworkErrors429And5xxOnly() {
    assertThat(
            RetryClassifier.isRetryable(AgentApiException.network("GET ping", new IOException())))
        .isTrue();
    for (int status : new int[] {429, 500, 502, 503, 504}) {
      assertThat(RetryClassifier.isRetryable(AgentApiException.status("x", status, ""))).isTrue();
    }
    for (int status : new int[] {200, 400, 401, 403, 404, 409, 422}) {
      assertThat(RetryClassifier.isRetryable(AgentApiException.status("x", status, ""))).isFalse();
    }
  }

  private Retrier.Call<Void> failWith(int status) {
    return () -> {
      attempts.incrementAndGet();
      throw AgentApiException.status("PUT jobs/1/finish", status, "");
    };
  }
}
