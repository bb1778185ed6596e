package dev.cairn.cli;

import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Completes {@code cairn agent start}'s options from the configuration file, keeping the official
 * agent's precedence: a flag beats its environment variable, which beats the file, which beats the
 * default. Picocli has already applied flags and environment variables (each option's default is
 * {@code ${env:NAME:-default}}, which also names the variable); this class fills every option that
 * had neither from the file's key of the same name ({@code --build-path} → {@code build-path}).
 *
 * <p>A file value is converted by picocli itself (parsed alone into a scratch command and copied
 * over), so it gets exactly the checks a flag gets, and an error names the file and line. Keys the
 * agent does not know (the official agent has many more) are logged and skipped.
 */
final class AgentSettingSources {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSettingSources.class);
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
  private static final Set<String> TRUE = Set.of("true", "1", "t", "yes");
  private static final Set<String> FALSE = Set.of("false", "0", "f", "no");

  private AgentSettingSources() {}

  /** The environment variable an option reads, from its {@code ${env:NAME…}} default. */
  static Optional<String> envName(OptionSpec option) {
    if (!(option.userObject() instanceof Field field)) {
      return Optional.empty();
    }
    Option annotation = field.getAnnotation(Option.class);
    if (annotation == null) {
      return Optional.empty();
    }
    Matcher m = ENV.matcher(annotation.defaultValue());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The file key of an option: its long name without the dashes. */
  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^--", "");
  }

  /**
   * Sets every option of {@code spec} that neither a flag nor its variable set from {@code file}.
   * {@code scratchCommand} is a fresh instance of the same command class, used for conversions.
   *
   * @throws IllegalArgumentException naming the file and line of a value the option refuses
   */
  static void applyFile(
      CommandSpec spec,
      ParseResult parsed,
      Map<String, String> env,
      AgentConfigFile file,
      Object scratchCommand) {
    CommandLine scratch = new CommandLine(scratchCommand);
    for (Map.Entry<String, AgentConfigFile.Entry> setting : file.entries().entrySet()) {
      OptionSpec option = spec.findOption("--" + setting.getKey());
      if (option == null || option.usageHelp() || option.versionHelp()) {
        LOG.warn(
            "{}: '{}' is not a setting of this agent; ignored",
            file.origin(setting.getValue()),
            setting.getKey());
        continue;
      }
      if (setElsewhere(option, parsed, env)) {
        continue;
      }
      set(option, scratch, setting.getValue(), file.origin(setting.getValue()));
    }
  }

  /**
   * The file's value of {@code key}, if the file has one and neither the flag nor its variable was
   * given: what {@link #applyFile} will set, for a setting needed before the others are applied.
   */
  static Optional<String> leftToFile(
      CommandSpec spec,
      ParseResult parsed,
      Map<String, String> env,
      AgentConfigFile file,
      String key) {
    OptionSpec option = spec.findOption("--" + key);
    AgentConfigFile.Entry entry = file.entries().get(key);
    if (option == null || entry == null || setElsewhere(option, parsed, env)) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  private static boolean setElsewhere(
      OptionSpec option, ParseResult parsed, Map<String, String> env) {
    boolean fromEnv = envName(option).map(env::get).filter(v -> !v.isEmpty()).isPresent();
    return parsed.hasMatchedOption(option) || fromEnv;
  }

  private static void set(
      OptionSpec option, CommandLine scratch, AgentConfigFile.Entry entry, String origin) {
    if (option.type() == boolean.class || option.type() == Boolean.class) {
      option.setValue(bool(entry.value(), origin, key(option)));
      return;
    }
    try {
      scratch.parseArgs(option.longestName() + "=" + entry.value());
    } catch (ParameterException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
    option.setValue(scratch.getCommandSpec().findOption(option.longestName()).getValue());
  }

  private static boolean bool(String value, String origin, String key) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (TRUE.contains(v)) {
      return true;
    }
    if (FALSE.contains(v)) {
      return false;
    }
    throw new IllegalArgumentException(
        origin + ": '" + key + "' must be true or false, got '" + value + "'");
  }
}
