package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-http2} as the official agent takes it: HTTP/2 allowed by default, off with the flag
 * or the configuration file's {@code no-http2}.
 */
final class AgentStartNoHttp2Test {
  @TempDir Path dir;

  @Test
  void http2UnlessTheFlagTurnsItOff() {
    assertThat(parse().jobSettings().http2()).isTrue();
    assertThat(parse("--no-http2").jobSettings().http2()).isFalse();
    assertThat(parse("--no-http2=false").jobSettings().http2()).isTrue();
  }

  @Test
  void theConfigurationFileTurnsItOffToo() throws Exception {
    Path cfg = Files.writeString(dir.resolve("agent.cfg"), "no-http2=true\n");
    AgentStartCommand start = AgentStartArgs.parseWithConfigFile(cfg);

    assertThat(start.jobSettings().http2()).isFalse();
  }
}
