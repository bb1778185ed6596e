package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.agent.job.JobAllowlist;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --allowed-repositories}, {@code --allowed-plugins}, {@code
 * --enable-environment-variable-allowlist} and {@code --allowed-environment-variables}: comma
 * separated regular expressions, each checked when the agent starts.
 */
final class AgentStartAllowlistTest {
  @Test
  void nothingIsCheckedByDefault() {
    assertThat(parse().jobSettings().allowlist()).isEqualTo(JobAllowlist.NONE);
  }

  @Test
  void theListsAreSplitOnCommas() {
    JobAllowlist allowlist =
        parse(
                "--allowed-repositories",
                "^git@github.com:acme/,^https://github.com/acme/",
                "--allowed-plugins",
                "^docker#",
                "--enable-environment-variable-allowlist",
                "--allowed-environment-variables",
                "^MYAPP_")
            .jobSettings()
            .allowlist();

    assertThat(allowlist.repositories())
        .map(Pattern::pattern)
        .containsExactly("^git@github.com:acme/", "^https://github.com/acme/");
    assertThat(allowlist.plugins()).map(Pattern::pattern).containsExactly("^docker#");
    assertThat(allowlist.checkEnvironment()).isTrue();
    assertThat(allowlist.environment()).map(Pattern::pattern).containsExactly("^MYAPP_");
  }

  @Test
  void aBadExpressionIsRefusedNamingItsFlag() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--allowed-plugins", "^docker(").jobSettings())
        .withMessageContaining("--allowed-plugins")
        .withMessageContaining("^docker(");
  }
}
