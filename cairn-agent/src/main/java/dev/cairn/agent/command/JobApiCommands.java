package dev.cairn.agent.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.agent.jobapi.JobApiClient;
import dev.cairn.agent.jobapi.UnixHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code env get|set|unset} and {@code redactor add} (spec §4.8): read and change the running job's
 * environment and redactions through the job API, as the official agent's commands do, with the
 * same output formats. Changes reach the hooks and command that start after this one.
 */
public final class JobApiCommands {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CommandIo io;

  public JobApiCommands(CommandIo io) {
    this.io = io;
  }

  /**
   * Prints the environment ({@code plain}: {@code KEY=value} lines, or only the value when one name
   * is asked for; {@code json}, {@code json-pretty}); exits 1 if a named variable is unset.
   */
  public int envGet(List<String> names, String format)
      throws CommandException, InterruptedException {
    JsonNode reply = call("GET", "/env", null);
    Map<String, String> env = new TreeMap<>();
    reply.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    boolean missing = false;
    if (!names.isEmpty()) {
      Map<String, String> asked = new TreeMap<>();
      for (String name : names) {
        if (env.containsKey(name)) {
          asked.put(name, env.get(name));
        } else {
          missing = true;
          io.err().println("buildkite-agent: \"" + name + "\" is not set");
        }
      }
      env.clear();
      env.putAll(asked);
    }
    switch (format) {
      case "plain" -> {
        if (names.size() == 1) {
          env.values().forEach(io.out()::println);
        } else {
          env.forEach((k, v) -> io.out().println(k + "=" + v));
        }
      }
      case "json", "json-pretty" -> io.out().println(json(env, format));
      default -> throw CommandException.usage("invalid output format \"" + format + "\"");
    }
    return missing ? 1 : 0;
  }

  /**
   * Sets variables from {@code KEY=value} arguments, or lines of stdin for {@code -} ({@code plain}
   * input), or JSON objects ({@code json} input); prints what was added and updated.
   */
  public int envSet(List<String> args, String inputFormat, String outputFormat)
      throws CommandException, InterruptedException {
    if (!List.of("plain", "json").contains(inputFormat)) {
      throw CommandException.usage("invalid input format \"" + inputFormat + "\"");
    }
    ObjectNode env = JSON.createObjectNode();
    for (String arg : args) {
      if (arg.equals("-")) {
        String[] lines = io.readStdin().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (!lines[i].isEmpty()) {
            parse(lines[i], inputFormat, env, "input line " + (i + 1));
          }
        }
      } else {
        parse(arg, inputFormat, env, "the command-line argument \"" + arg + "\"");
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("env", env);
    JsonNode reply = call("PATCH", "/env", body.toString());
    switch (outputFormat) {
      case "quiet" -> {}
      case "plain" -> {
        List<String> added = strings(reply.path("added"));
        List<String> updated = strings(reply.path("updated"));
        if (!added.isEmpty()) {
          io.out().println("Added:");
          added.forEach(a -> io.out().println("+ " + a));
        }
        if (!updated.isEmpty()) {
          io.out().println("Updated:");
          updated.forEach(u -> io.out().println("~ " + u));
        }
        if (added.isEmpty() && updated.isEmpty()) {
          io.out().println("No variables added or updated.");
        }
      }
      case "json", "json-pretty" -> io.out().println(json(reply, outputFormat));
      default -> throw CommandException.usage("invalid output format \"" + outputFormat + "\"");
    }
    return 0;
  }

  /** Removes variables named by arguments (or lines of stdin for {@code -}); prints which. */
  public int envUnset(List<String> args, String outputFormat)
      throws CommandException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("-")) {
        io.readStdin().lines().filter(l -> !l.isBlank()).map(String::strip).forEach(names::add);
      } else {
        names.add(arg);
      }
    }
    ObjectNode body = JSON.createObjectNode();
    names.forEach(body.putArray("keys")::add);
    JsonNode reply = call("DELETE", "/env", body.toString());
    switch (outputFormat) {
      case "quiet" -> {}
      case "plain" -> {
        List<String> deleted = strings(reply.path("deleted"));
        if (deleted.isEmpty()) {
          io.out().println("No variables unset.");
        } else {
          io.out().println("Unset:");
          deleted.forEach(d -> io.out().println("- " + d));
        }
      }
      case "json", "json-pretty" -> io.out().println(json(reply, outputFormat));
      default -> throw CommandException.usage("invalid output format \"" + outputFormat + "\"");
    }
    return 0;
  }

  /**
   * Adds redactions read from {@code file} (or stdin when null or {@code -}): {@code none} adds the
   * whole input, {@code json} every string value of a JSON object, {@code env} the value of every
   * {@code KEY=value} line.
   */
  public int redactorAdd(String file, String format) throws CommandException, InterruptedException {
    String input;
    if (file == null || file.equals("-")) {
      input = io.readStdin();
    } else {
      try {
        input = Files.readString(io.workingDir().resolve(Path.of(file)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CommandException.failed("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    List<String> values = new ArrayList<>();
    switch (format) {
      case "none" -> values.add(input.strip());
      case "json" -> {
        JsonNode object;
        try {
          object = JSON.readTree(input);
        } catch (JsonProcessingException e) {
          throw CommandException.usage("the input is not JSON: " + e.getOriginalMessage());
        }
        if (object == null || !object.isObject()) {
          throw CommandException.usage("the input is not a JSON object");
        }
        object.properties().forEach(e -> values.add(e.getValue().asText()));
      }
      case "env" ->
          input
              .lines()
              .filter(l -> l.contains("="))
              .forEach(l -> values.add(l.substring(l.indexOf('=') + 1)));
      default -> throw CommandException.usage("invalid format \"" + format + "\"");
    }
    for (String value : values) {
      if (!value.isEmpty()) {
        redact(value);
      }
    }
    return 0;
  }

  /** Adds {@code value} to the running job's redactions: the log shows it as [REDACTED]. */
  public void redact(String value) throws CommandException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("redact", value);
    call("POST", "/redactions", body.toString());
  }

  /**
   * {@code workdir set PATH}: the job's later hooks and command start in {@code path} (relative to
   * this command's directory), which must be an existing directory; it takes effect once the
   * calling hook has exited.
   */
  public int workdirSet(String path) throws CommandException, InterruptedException {
    Path workdir = io.workingDir().resolve(Path.of(path)).toAbsolutePath().normalize();
    if (!Files.isDirectory(workdir)) {
      throw CommandException.usage("workdir " + workdir + " is not an existing directory");
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("workdir", workdir.toString());
    call("PUT", "/workdir", body.toString());
    return 0;
  }

  private static void parse(String input, String format, ObjectNode env, String where)
      throws CommandException {
    if (format.equals("json")) {
      try {
        JsonNode object = JSON.readTree(input);
        if (object == null || !object.isObject()) {
          throw CommandException.usage("couldn't parse " + where + ": not a JSON object");
        }
        object.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
      } catch (JsonProcessingException e) {
        throw CommandException.usage("couldn't parse " + where + ": " + e.getOriginalMessage());
      }
      return;
    }
    int equals = input.indexOf('=');
    if (equals <= 0) {
      throw CommandException.usage("couldn't parse " + where + ": not in key=value format");
    }
    env.put(input.substring(0, equals), input.substring(equals + 1));
  }

  private JsonNode call(String method, String route, String body)
      throws CommandException, InterruptedException {
    JobApiClient client;
    try {
      client = JobApiClient.fromEnvironment(io.env());
    } catch (IllegalStateException e) {
      throw CommandException.usage(e.getMessage());
    }
    UnixHttp.Response response;
    try {
      response = client.call(method, route, body);
    } catch (IOException e) {
      throw CommandException.failed(e.getMessage(), e);
    }
    JsonNode reply;
    try {
      reply = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw CommandException.failed(
          "the job API answered " + response.status() + " with no JSON", e);
    }
    if (response.status() >= 300) {
      String error = reply == null ? "" : reply.path("error").asText("");
      throw CommandException.failed(
          "the job API refused (" + response.status() + "): " + error, null);
    }
    return reply;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String json(Object value, String format) throws CommandException {
    try {
      return (format.equals("json-pretty") ? PRETTY : JSON).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw CommandException.failed("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
