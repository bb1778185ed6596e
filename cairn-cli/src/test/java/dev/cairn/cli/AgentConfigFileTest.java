package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official agent's {@code buildkite-agent.cfg} format, read from real files. */
final class AgentConfigFileTest {
  @TempDir Path dir;

  @Test
  void readsTheFormsTheOfficialAgentAccepts() throws Exception {
    Path file = dir.resolve("buildkite-agent.cfg");
    Files.writeString(
        file,
        """
        # a comment line
        token="abc123"
        name = "ci-%spawn"   # trailing comment
        tags=queue=deploy,os=linux
        export hooks-path='/etc/hooks'
        spawn: 3
        label="hello # not a comment"
        message="say \\"hi\\"\\nbye"

        """);

    AgentConfigFile config = AgentConfigFile.load(file);

    assertThat(config.entries())
        .containsOnlyKeys("token", "name", "tags", "hooks-path", "spawn", "label", "message");
    assertThat(config.entries().get("token").value()).isEqualTo("abc123");
    assertThat(config.entries().get("name").value()).isEqualTo("ci-%spawn");
    assertThat(config.entries().get("name").line()).isEqualTo(3);
    assertThat(config.entries().get("tags").value()).isEqualTo("queue=deploy,os=linux");
    assertThat(config.entries().get("hooks-path").value()).isEqualTo("/etc/hooks");
    assertThat(config.entries().get("spawn").value()).isEqualTo("3");
    assertThat(config.entries().get("label").value()).isEqualTo("hello # not a comment");
    assertThat(config.entries().get("message").value()).isEqualTo("say \"hi\"\nbye");
    assertThat(config.origin(config.entries().get("spawn"))).isEqualTo(file + ":6");
  }

  @Test
  void aDirectoryMeansTheFileInside() throws Exception {
    Files.writeString(dir.resolve("buildkite-agent.cfg"), "token=\"t\"\n");

    assertThat(AgentConfigFile.load(dir).entries().get("token").value()).isEqualTo("t");
  }

  @Test
  void aLineThatIsNoSettingIsReportedWithFileAndLine() throws Exception {
    Path file = dir.resolve("bad.cfg");
    Files.writeString(file, "token=\"t\"\njust words\n");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentConfigFile.load(file))
        .withMessageContaining(file + ":2")
        .withMessageContaining("just words");
  }
}
