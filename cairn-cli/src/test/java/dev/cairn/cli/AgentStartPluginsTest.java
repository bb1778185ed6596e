package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which flags allow plugins, as the official agent decides: {@code --no-command-eval} and {@code
 * --no-local-hooks} refuse them unless {@code --no-plugins} is given explicitly.
 */
final class AgentStartPluginsTest {

  @Test
  void pluginsAreAllowedByDefault() {
    assertThat(parse().jobSettings().pluginsEnabled()).isTrue();
  }

  @Test
  void noPluginsRefusesThem() {
    assertThat(parse("--no-plugins").jobSettings().pluginsEnabled()).isFalse();
  }

  @Test
  void noCommandEvalOrNoLocalHooksRefuseThemToo() {
    assertThat(parse("--no-command-eval").jobSettings().pluginsEnabled()).isFalse();
    assertThat(parse("--no-local-hooks").jobSettings().pluginsEnabled()).isFalse();
  }
}
