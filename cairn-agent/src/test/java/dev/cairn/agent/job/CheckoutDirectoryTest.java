package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class CheckoutDirectoryTest {
  @Test
  void segmentsCannotClimbOutOfTheBuildPath() {
    assertThat(CheckoutDirectory.segment("..")).isEqualTo("_");
    assertThat(CheckoutDirectory.segment("../etc")).isEqualTo("..-etc");
    assertThat(CheckoutDirectory.segment("a/b c")).isEqualTo("a-b-c");
    assertThat(CheckoutDirectory.segment(null)).isEqualTo("_");
    assertThat(CheckoutDirectory.segment("my-agent.1")).isEqualTo("my-agent.1");
  }
}
