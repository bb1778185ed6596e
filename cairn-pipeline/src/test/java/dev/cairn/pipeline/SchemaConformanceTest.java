package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the upstream pipeline-schema fixtures, unmodified, from where they live in the shared
 * folder. Set {@code -Dcairn.conformance.dir} to read them from elsewhere; the default is relative
 * to this module's directory, where Maven runs tests. Every fixture must (1) validate against the
 * upstream {@code schema.json} with an independent draft-07 validator and (2) parse with our parser
 * without a single problem. The fixtures reuse the key {@code an-id} in two steps; key uniqueness
 * is a build-level rule that {@link PipelineExpander} checks, so parsing accepts it.
 */
class SchemaConformanceTest {
  private static final Path ROOT =
      Path.of(
          System.getProperty("cairn.conformance.dir", "../../shared/conformance"),
          "pipeline-schema");
  private static final Path FIXTURES = ROOT.resolve("test/valid-pipelines");

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void allTwelveUpstreamFixturesAreHere() throws IOException {
    assertThat(fixtures()).hasSize(12);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void validatesAgainstTheUpstreamSchema(String file) throws IOException {
    assertThat(schemaErrors(read(file))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void parsesWithoutAProblem(String file) throws IOException {
    Document doc = new Document(file);

    Optional<Pipeline> pipeline = PipelineReader.read(doc, read(file));

    assertThat(doc.problems()).isEmpty();
    assertThat(pipeline).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"wait.yml", "command.yml", "block.yml", "input.yml", "trigger.yml"})
  void readsEveryDependsOnForm(String file) throws Exception {
    List<Step> steps = parse(file).steps();

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

  @Test
  void everyStepOfATypedFixtureHasThatType() throws Exception {
    assertThat(parse("wait.yml").steps()).hasSize(17).allMatch(WaitStep.class::isInstance);
    assertThat(parse("command.yml").steps()).hasSize(50).allMatch(CommandStep.class::isInstance);
    assertThat(parse("trigger.yml").steps()).hasSize(27).allMatch(TriggerStep.class::isInstance);
    assertThat(parse("input.yml").steps()).hasSize(23).allMatch(InputStep.class::isInstance);
    List<Step> blocks = parse("block.yml").steps();
    assertThat(blocks.subList(0, blocks.size() - 1))
        .hasSize(22)
        .allMatch(BlockStep.class::isInstance);
    assertThat(((GroupStep) blocks.get(22)).steps()).singleElement().isInstanceOf(BlockStep.class);
    assertThat(parse("group.yml").steps()).hasSize(12).allMatch(GroupStep.class::isInstance);
  }

  @Test
  void normalisesThePluginForms() throws Exception {
    List<List<Plugin>> plugins =
        parse("command.yml").steps().stream()
            .map(s -> ((CommandStep) s).plugins())
            .filter(p -> !p.isEmpty())
            .toList();

    Plugin withConfig = new Plugin("a-plugin#v1.0.0", Optional.of(Map.of("run", "app")));
    assertThat(plugins)
        .contains(List.of(withConfig), List.of(new Plugin("a-plugin#v1.0.0", Optional.empty())));
    assertThat(plugins.stream().filter(p -> p.equals(List.of(withConfig)))).hasSize(3);
  }

  @Test
  void readsTheAnonymousAdjustmentWrittenAsAList() throws Exception {
    CommandStep step = (CommandStep) parse("matrix.yml").steps().get(1);

    assertThat(step.matrix().orElseThrow().adjustments())
        .containsExactly(
            new MatrixAdjustment(Map.of("", "three"), new Skip(true, ""), SoftFail.NONE));
  }

  /** The four key cases the conformance README lists, checked by the schema and by our parser. */
  @ParameterizedTest
  @ValueSource(strings = {"has spaces", "101"})
  void theSchemaAndTheParserRejectTheSameKeys(String which) {
    String key = which.equals("101") ? "x".repeat(101) : which;
    String yaml = "steps:\n  - command: x\n    key: \"" + key + "\"\n";

    assertThat(schemaErrors(yaml)).isNotEmpty();
    assertThat(Parsing.onlyProblem(yaml).location().path()).isEqualTo("steps[0].key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"100", "${TPU_VERSION:-tpu6e}_build_docker"})
  void theSchemaAndTheParserAcceptTheSameKeys(String which) {
    String key = which.equals("100") ? "x".repeat(100) : which;
    String yaml = "steps:\n  - command: x\n    key: \"" + key + "\"\n";

    assertThat(schemaErrors(yaml)).isEmpty();
    assertThat(Parsing.onlyCommand(yaml).key()).contains(key);
  }

  private static Pipeline parse(String file) throws IOException, PipelineException {
    return PipelineParser.parse(file, read(file));
  }

  private static List<Error> schemaErrors(String yaml) {
    Object data =
        new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
    String json = JsonMapper.builder().build().writeValueAsString(data);
    return schema().validate(json, InputFormat.JSON);
  }

  private static Schema schema() {
    try {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(Files.readString(ROOT.resolve("schema.json"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(String file) throws IOException {
    return Files.readString(FIXTURES.resolve(file), StandardCharsets.UTF_8);
  }
}
