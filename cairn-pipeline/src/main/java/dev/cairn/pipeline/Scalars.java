package dev.cairn.pipeline;

import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** What a YAML node is, in the words a problem message uses, and the text of a scalar. */
final class Scalars {
  /**
   * Tags whose scalars read as text. Numbers and booleans count, taken as written, because a key of
   * {@code 2024} or an env value of {@code 1.10} is meant as text; YAML 1.2 already keeps {@code
   * on} and {@code yes} as strings.
   */
  private static final Set<Tag> TEXT_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.MERGE, MergeKeepingComposer.MERGE_KEY);

  private static final int MAX_SHOWN = 40;

  private Scalars() {}

  @SuppressWarnings("ReferenceEquality") // identity first, as in isText
  static boolean isNull(Node node) {
    return node instanceof ScalarNode
        && (node.getTag() == Tag.NULL || node.getTag().equals(Tag.NULL));
  }

  /** The scalar's text, or empty for null, collections and values under an unknown tag. */
  static Optional<String> text(Node node) {
    if (node instanceof ScalarNode scalar && isText(scalar.getTag())) {
      return Optional.of(scalar.getValue());
    }
    return Optional.empty();
  }

  // The resolver hands out its tag constants, so comparing by identity first spares hashing the
  // tag's text for nearly every scalar of a document; the set catches tags built elsewhere.
  @SuppressWarnings("ReferenceEquality")
  private static boolean isText(Tag tag) {
    return tag == Tag.STR
        || tag == Tag.INT
        || tag == Tag.BOOL
        || tag == MergeKeepingComposer.MERGE_KEY
        || (tag != Tag.NULL && TEXT_TAGS.contains(tag));
  }

  static String describe(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s -> describeScalar(s);
      default -> "an unknown YAML node";
    };
  }

  private static String describeScalar(ScalarNode scalar) {
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return "null";
    }
    String shown = shorten(scalar.getValue());
    if (tag.equals(Tag.BOOL)) {
      return "the boolean " + shown;
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      return "the number " + shown;
    }
    if (TEXT_TAGS.contains(tag)) {
      return "the string \"" + shown + "\"";
    }
    return "a value tagged " + tag.getValue() + " (quote it if it is meant as text)";
  }

  private static String shorten(String text) {
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
  }

  /** Decimal, {@code 0x} and {@code 0o} integers that fit an int. */
  static Optional<Integer> parseInt(String text) {
    String t = text.strip().replace("_", "");
    try {
      if (t.startsWith("0x")) {
        return Optional.of(Integer.parseInt(t.substring(2), 16));
      }
      if (t.startsWith("0o")) {
        return Optional.of(Integer.parseInt(t.substring(2), 8));
      }
      return Optional.of(Integer.parseInt(t.startsWith("+") ? t.substring(1) : t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Like {@link #parseInt} for longs. */
  static Optional<Long> parseLong(String text) {
    String t = text.strip().replace("_", "");
    try {
      if (t.startsWith("0x")) {
        return Optional.of(Long.parseLong(t.substring(2), 16));
      }
      if (t.startsWith("0o")) {
        return Optional.of(Long.parseLong(t.substring(2), 8));
      }
      return Optional.of(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static boolean isBool(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.BOOL);
  }
}
