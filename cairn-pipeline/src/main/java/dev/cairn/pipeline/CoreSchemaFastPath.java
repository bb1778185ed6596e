package dev.cairn.pipeline;

import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The YAML 1.2 core schema with a fast path for plain scalars that can only be strings.
 *
 * <p>The library's resolver runs at least two regexes on every plain scalar (its empty and null
 * patterns are registered for any first character), which made tag resolution a tenth of the parse
 * time of a large pipeline. Every implicit tag of the core schema (null, bool, int, float) and the
 * library's {@code ${VAR}} env tag starts with one of {@link #MAY_NOT_BE_TEXT}, or is empty, so any
 * other scalar is a string without looking further; the rest go to the library's own resolver, so
 * the result is the same for every scalar, except that a plain {@code ${VAR}} is a string here, not
 * the library's own env-variable tag. Thread-safe.
 */
final class CoreSchemaFastPath extends CoreSchema {
  /** First characters of the core schema's non-string forms: ~, null, true, 1, -1, .5, ${X}, <<. */
  private static final String MAY_NOT_BE_TEXT = "~nNtTfF+-.0123456789$< ";

  private final ScalarResolver resolver = new FastResolver(super.getScalarResolver());

  @Override
  public ScalarResolver getScalarResolver() {
    return resolver;
  }

  private record FastResolver(ScalarResolver library) implements ScalarResolver {
    @Override
    public Tag resolve(String value, Boolean implicit) {
      if (implicit && !value.isEmpty() && MAY_NOT_BE_TEXT.indexOf(value.charAt(0)) < 0) {
        return Tag.STR;
      }
      Tag tag = library.resolve(value, implicit);
      // The library's own extension tags a plain ${VAR} as an env variable; YAML (and the agent's
      // parser) reads it as a string, which interpolation then fills in.
      return tag.equals(Tag.ENV_TAG) ? Tag.STR : tag;
    }
  }
}
