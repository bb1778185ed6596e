package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the upstream pipeline-schema fixtures, unmodified, from where they live in the shared
 * folder. Set {@code -Dcairn.conformance.dir} to read them from elsewhere; the default is relative
 * to this module's directory, where Maven runs tests. Only fixtures whose step types this slice
 * models are listed; block, input, trigger and group fixtures join as those types land.
 *
 * <p>The schema checks one step at a time, so its fixtures reuse the key {@code an-id} in two steps
 * (once as {@code id}, once as {@code identifier}). A real upload rejects a duplicate key, and so
 * do we; that one problem is the only one expected.
 */
class SchemaConformanceTest {
  private static final Path FIXTURES =
      Path.of(
          System.getProperty("cairn.conformance.dir", "../../shared/conformance"),
          "pipeline-schema/test/valid-pipelines");

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of(
            "wait.yml",
            WaitStep.class,
            17,
            new PipelineProblem(
                new Location("wait.yml", 27, 17, "steps[8].identifier"),
                "key \"an-id\" is already used at line 24 (steps[7].id)")),
        Arguments.of(
            "command.yml",
            CommandStep.class,
            50,
            new PipelineProblem(
                new Location("command.yml", 66, 17, "steps[17].identifier"),
                "key \"an-id\" is already used at line 63 (steps[16].id)")));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void parsesWithNoProblemButTheSchemasDuplicateKey(
      String file, Class<? extends Step> type, int steps, PipelineProblem duplicate)
      throws IOException {
    Document doc = new Document(file);

    Optional<Pipeline> pipeline = PipelineReader.read(doc, read(file));

    assertThat(doc.problems()).containsExactly(duplicate);
    assertThat(pipeline).isPresent();
    assertThat(pipeline.get().steps())
        .hasSize(steps)
        .allSatisfy(step -> assertThat(step).isInstanceOf(type));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void readsEveryDependsOnForm(String file) throws IOException {
    Document doc = new Document(file);
    List<Step> steps = PipelineReader.read(doc, read(file)).orElseThrow().steps();

    assertThat(steps)
        .extracting(Step::dependsOn)
        .contains(
            Optional.of(List.of(new Dependency("depend-on-me", false))),
            Optional.of(
                List.of(
                    new Dependency("depend-on-me-1", false),
                    new Dependency("depend-on-me-2", false))),
            Optional.of(List.of(new Dependency("depend-on-me", true))));
  }

  private static String read(String file) throws IOException {
    return Files.readString(FIXTURES.resolve(file), StandardCharsets.UTF_8);
  }
}
