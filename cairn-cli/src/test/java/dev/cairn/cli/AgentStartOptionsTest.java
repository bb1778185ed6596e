package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of {@code cairn agent start} reads the official agent's environment variable and
 * says so in its help, so the configuration file (which fills options by name) and the variables
 * stay in step with the flags.
 */
final class AgentStartOptionsTest {
  @Test
  void everyOptionNamesItsVariableInItsDefaultAndItsHelp() {
    CommandLine command = new CommandLine(new AgentStartCommand());
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      Optional<String> env = AgentSettingSources.envName(option);
      assertThat(env).as("the variable of %s", option.longestName()).isPresent();
      assertThat(env.get()).startsWith("BUILDKITE_");
      assertThat(String.join(" ", option.description()))
          .as("the help of %s", option.longestName())
          .contains("env " + env.get());
    }
  }
}
