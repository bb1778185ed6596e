package dev.cairn.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RedactingOutputStreamTest {
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  private RedactingOutputStream stream(Map<String, String> env) {
    return new RedactingOutputStream(
        sink, Redactor.fromEnvironment(env, Redactor.DEFAULT_PATTERNS));
  }

  private String written() {
    return sink.toString(StandardCharsets.UTF_8);
  }

  private static void write(RedactingOutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void redactsValuesOfVariablesMatchingTheDefaultPatterns() throws IOException {
    RedactingOutputStream out =
        stream(
            Map.of("DB_PASSWORD", "hunter22", "GITHUB_TOKEN", "ghp_abcdef", "PLAIN", "visible1"));

    write(out, "pw=hunter22 tok=ghp_abcdef plain=visible1\n");
    out.release();

    assertThat(written()).isEqualTo("pw=[REDACTED] tok=[REDACTED] plain=visible1\n");
  }

  @Test
  void aSecretSplitAcrossTwoWritesIsStillRedacted() throws IOException {
    RedactingOutputStream out = stream(Map.of("API_SECRET", "s3cr3t-value"));

    write(out, "before s3cr");
    assertThat(written()).isEqualTo("before ");
    write(out, "3t-value after\n");

    assertThat(written()).isEqualTo("before [REDACTED] after\n");
  }

  @Test
  void aSecretAmongBytesThatShareItsFirstByteIsRedactedWhereverTheWritesSplit() throws IOException {
    // The prefilter looks at a candidate's first two bytes; a write may end between them.
    String log = "0000000s0s0s00s0secret0000s0secre\n";
    for (int split = 0; split <= log.length(); split++) {
      sink.reset();
      RedactingOutputStream out = stream(Map.of("API_SECRET", "s0secret"));
      write(out, log.substring(0, split));
      write(out, log.substring(split));
      out.release();

      assertThat(written())
          .as("split at %d", split)
          .isEqualTo("0000000s0s0s00[REDACTED]0000s0secre\n");
    }
  }

  @Test
  void aSecretSplitAcrossEveryByteIsStillRedacted() throws IOException {
    RedactingOutputStream out = stream(Map.of("API_SECRET", "s3cr3t-value"));
    for (byte b : "x s3cr3t-value s3cr3t-valu y".getBytes(StandardCharsets.UTF_8)) {
      out.write(b);
    }
    out.release();

    assertThat(written()).isEqualTo("x [REDACTED] s3cr3t-valu y");
  }

  @Test
  void aHeldBackPrefixIsReleasedWhenNothingMoreComes() throws IOException {
    RedactingOutputStream out = stream(Map.of("API_SECRET", "s3cr3t-value"));

    write(out, "ends with s3c");
    out.release();

    assertThat(written()).isEqualTo("ends with s3c");
  }

  @Test
  void valuesShorterThanSixBytesAreNotRedacted() throws IOException {
    RedactingOutputStream out = stream(Map.of("SHORT_TOKEN", "abc12"));

    write(out, "abc12\n");

    assertThat(written()).isEqualTo("abc12\n");
  }

  @Test
  void theLongestOverlappingSecretWins() throws IOException {
    RedactingOutputStream out =
        new RedactingOutputStream(
            sink, Redactor.NONE.with(List.of("secret-one", "secret-one-longer")));

    write(out, "a secret-one-longer b secret-one c\n");

    assertThat(written()).isEqualTo("a [REDACTED] b [REDACTED] c\n");
  }

  @Test
  void customPatternsReplaceTheDefaults() throws IOException {
    Map<String, String> env =
        Map.of("BUILDKITE_REDACTED_VARS", "MY_*", "MY_VALUE", "private-1", "X_TOKEN", "kept-123");
    RedactingOutputStream out =
        new RedactingOutputStream(sink, Redactor.fromEnvironment(env, Redactor.patterns(env)));

    write(out, "private-1 kept-123\n");

    assertThat(written()).isEqualTo("[REDACTED] kept-123\n");
  }

  @Test
  void anUpdatedRedactorAppliesFromThenOn() throws IOException {
    RedactingOutputStream out = stream(Map.of());
    write(out, "early value-123\n");

    out.update(Redactor.NONE.with(List.of("value-123")));
    write(out, "late value-123\n");

    assertThat(written()).isEqualTo("early value-123\nlate [REDACTED]\n");
  }
}
