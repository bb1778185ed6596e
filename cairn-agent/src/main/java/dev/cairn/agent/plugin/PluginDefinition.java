package dev.cairn.agent.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A plugin's own description, {@code plugin.json}, {@code plugin.yaml} or {@code plugin.yml} in its
 * directory (the first that exists, the official agent's order): the commands it requires and a
 * JSON Schema its configuration must satisfy. With {@code --no-plugin-validation=false} the agent
 * checks both before the plugin's hooks run, as the official agent does. Immutable.
 *
 * @param file where the definition was read
 * @param requirements commands that must be on {@code PATH}
 * @param configuration the configuration's JSON Schema as JSON text, or null for none
 */
public record PluginDefinition(Path file, List<String> requirements, String configuration) {
  static final List<String> FILE_NAMES = List.of("plugin.json", "plugin.yaml", "plugin.yml");
  private static final ObjectMapper JSON = new ObjectMapper();

  public PluginDefinition {
    requirements = List.copyOf(requirements);
  }

  /**
   * The definition in {@code dir}, or empty when it has none.
   *
   * @throws IllegalArgumentException naming the file when it is not a YAML or JSON mapping
   */
  public static Optional<PluginDefinition> load(Path dir) throws IOException {
    for (String name : FILE_NAMES) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(parse(file, Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    return Optional.empty();
  }

  static PluginDefinition parse(Path file, String text) {
    Object loaded;
    try {
      loaded =
          new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(loaded instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + " must be a mapping with name and configuration");
    }
    List<String> requirements = new ArrayList<>();
    if (map.get("requirements") instanceof List<?> list) {
      list.forEach(r -> requirements.add(String.valueOf(r)));
    }
    Object configuration = map.get("configuration");
    try {
      return new PluginDefinition(
          file,
          requirements,
          configuration == null ? null : JSON.writeValueAsString(configuration));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ": its configuration schema cannot be read: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * What is wrong with running the plugin with {@code config}: each missing required command and
   * each place the configuration breaks the schema; empty when it may run.
   */
  public List<String> problems(ObjectNode config, Predicate<String> commandExists) {
    List<String> problems = new ArrayList<>();
    for (String command : requirements) {
      if (!commandExists.test(command)) {
        problems.add("required command \"" + command + "\" is not on PATH");
      }
    }
    if (configuration != null) {
      Schema schema;
      try {
        schema =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(configuration, InputFormat.JSON);
      } catch (RuntimeException e) {
        problems.add(file + " has an unusable configuration schema: " + e.getMessage());
        return problems;
      }
      for (Error error : schema.validate(config.toString(), InputFormat.JSON)) {
        problems.add("configuration at " + error.getInstanceLocation() + " " + error.getMessage());
      }
    }
    return problems;
  }
}
