package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.agent.signing.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job verification settings of {@code cairn agent start}: {@code --verification-jwks-file} and
 * {@code --verification-failure-behavior} as flags and as configuration file keys, block by
 * default, and clear errors for a behaviour that is neither block nor warn and for a keys file that
 * cannot be read.
 */
final class AgentStartVerificationTest {
  @TempDir Path dir;

  @Test
  void noKeysAndBlockByDefault() {
    assertThat(parse().jobSettings().verification()).isEqualTo(new Verification(null, true));
  }

  @Test
  void flagsNameTheKeysAndTheBehaviour() throws Exception {
    Path keys = Files.writeString(dir.resolve("public.json"), "{\"keys\":[]}");
    Verification v =
        parse(
                "--verification-jwks-file",
                keys.toString(),
                "--verification-failure-behavior",
                "warn")
            .jobSettings()
            .verification();
    assertThat(v).isEqualTo(new Verification(keys.toAbsolutePath(), false));
  }

  @Test
  void theConfigurationFileSetsThemToo() throws Exception {
    Path keys = Files.writeString(dir.resolve("public.json"), "{\"keys\":[]}");
    Path cfg =
        Files.writeString(
            dir.resolve("agent.cfg"),
            "verification-jwks-file=\"" + keys + "\"\nverification-failure-behavior=warn\n");
    AgentStartCommand start = AgentStartArgs.parseWithConfigFile(cfg);
    assertThat(start.jobSettings().verification()).isEqualTo(new Verification(keys, false));
  }

  @Test
  void badValuesAreRefusedWithTheirFlag() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--verification-failure-behavior", "ignore").jobSettings())
        .withMessageContaining("--verification-failure-behavior must be block or warn, not ignore");
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            parse("--verification-jwks-file", dir.resolve("none.json").toString()).jobSettings())
        .withMessageContaining("--verification-jwks-file")
        .withMessageContaining("cannot be read");
  }
}
