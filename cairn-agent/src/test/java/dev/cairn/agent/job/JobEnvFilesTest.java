package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's env files on a real file system; the shell file's quoting is checked against what Go's
 * {@code %q} printed for the same values (go 1.x, {@code fmt.Printf("%q\n", s)}).
 */
final class JobEnvFilesTest {
  @Test
  void quotesAsGoDoes() {
    assertThat(JobEnvFiles.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(JobEnvFiles.quote("line1\nline2\ttab\r\u0007\b\f\u000b"))
        .isEqualTo("\"line1\\nline2\\ttab\\r\\a\\b\\f\\v\"");
    assertThat(JobEnvFiles.quote("\u0001\u001b\u007f")).isEqualTo("\"\\x01\\x1b\\x7f\"");
    assertThat(JobEnvFiles.quote("é中😀 x")).isEqualTo("\"é中😀 x\"");
    assertThat(JobEnvFiles.quote("\u00a0\u200b\ufeff\ue000\u0085"))
        .isEqualTo("\"\\u00a0\\u200b\\ufeff\\ue000\\u0085\"");
    assertThat(JobEnvFiles.quote(new String(Character.toChars(0xf0000))))
        .isEqualTo("\"\\U000f0000\"");
    assertThat(JobEnvFiles.quote("$HOME `x` 'q'")).isEqualTo("\"$HOME `x` 'q'\"");
  }

  @Test
  void writesBothFilesPrivatelyWithoutTheRegistrationTokenAndRemovesThem() throws Exception {
    Map<String, String> env =
        Map.of(
            "B_SECOND", "two\nlines \"quoted\"",
            "A_FIRST", "one",
            "BUILDKITE_AGENT_TOKEN", "registration-secret");
    Path shell;
    Path json;
    try (JobEnvFiles files = JobEnvFiles.write("0190-ab/../x", env)) {
      shell = Path.of(files.variables().get("BUILDKITE_ENV_FILE"));
      json = Path.of(files.variables().get("BUILDKITE_ENV_JSON_FILE"));

      assertThat(shell.getFileName().toString()).startsWith("job-env-0190-ab____x");
      assertThat(Files.readString(shell))
          .isEqualTo("A_FIRST=\"one\"\nB_SECOND=\"two\\nlines \\\"quoted\\\"\"\n");
      assertThat(Files.readString(json)).endsWith("}\n");
      assertThat(
              new ObjectMapper()
                  .readValue(Files.readString(json), new TypeReference<Map<String, String>>() {}))
          .containsExactly(
              Map.entry("A_FIRST", "one"), Map.entry("B_SECOND", "two\nlines \"quoted\""));
      for (Path file : new Path[] {shell, json}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
      }
    }
    assertThat(shell).doesNotExist();
    assertThat(json).doesNotExist();
  }

  @Test
  void theFilesGoInTheRuntimeDirectoryOrSharedMemoryWhenWritableElseTheTemporaryOne(
      @TempDir Path runtime) throws Exception {
    assertThat(JobEnvFiles.directory(runtime.toString())).isEqualTo(runtime);
    Path expected =
        Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
            ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
    assertThat(JobEnvFiles.directory(runtime.resolve("missing").toString())).isEqualTo(expected);
    assertThat(JobEnvFiles.directory(null)).isEqualTo(expected);
  }
}
