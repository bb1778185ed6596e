package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The state of reading one pipeline file: its name, the problems found so far and the merge keys
 * already resolved. Reading never stops at the first problem, so a user sees everything wrong with
 * a file at once. Not thread-safe; one per {@link PipelineParser#parse} call.
 */
final class Document {
  private final String fileName;
  // A set: parts of a step are read twice (by their reader and as plain data), and a problem found
  // both times is reported once.
  private final Set<PipelineProblem> problems = new LinkedHashSet<>();
  private final MergeKeys mergeKeys = new MergeKeys(this);
  private final PlainData plain = new PlainData(this);

  Document(String fileName) {
    this.fileName = fileName;
  }

  List<PipelineProblem> problems() {
    return List.copyOf(problems);
  }

  void problem(Value at, String message) {
    problem(at.node().getStartMark(), at.path(), message);
  }

  void problem(Optional<Mark> mark, String path, String message) {
    problems.add(new PipelineProblem(locate(mark, path), message));
  }

  Location locate(Value at) {
    return locate(at.node().getStartMark(), at.path());
  }

  /** Marks are 0-based; editors and our messages are 1-based. */
  private Location locate(Optional<Mark> mark, String path) {
    int line = mark.map(m -> m.getLine() + 1).orElse(1);
    int column = mark.map(m -> m.getColumn() + 1).orElse(1);
    return new Location(fileName, line, column, path);
  }

  /** The fields of a mapping, merge keys applied; a problem naming {@code expected} otherwise. */
  Optional<Fields> mapping(Value value, String expected) {
    if (value.node() instanceof MappingNode mapping) {
      return Optional.of(Fields.of(value, mergeKeys.resolve(mapping, value)));
    }
    problem(value, "expected " + expected + ", found " + value.found());
    return Optional.empty();
  }

  /** A mapping's entries by key text, merge keys applied, for walks that need no {@link Fields}. */
  SequencedMap<String, NodeTuple> entries(MappingNode mapping, Value owner) {
    return mergeKeys.resolve(mapping, owner);
  }

  /** The items of a list; a problem naming {@code expected} otherwise. */
  Optional<List<Value>> list(Value value, String expected) {
    if (value.node() instanceof SequenceNode sequence) {
      List<Node> nodes = sequence.getValue();
      List<Value> items = new ArrayList<>(nodes.size());
      for (int i = 0; i < nodes.size(); i++) {
        items.add(value.item(i, nodes.get(i)));
      }
      return Optional.of(items);
    }
    problem(value, "expected " + expected + ", found " + value.found());
    return Optional.empty();
  }

  /**
   * The text of a scalar; a problem naming {@code expected} when it is not text (null included).
   */
  Optional<String> text(Value value, String expected) {
    Optional<String> text = Scalars.text(value.node());
    if (text.isEmpty()) {
      problem(value, "expected " + expected + ", found " + value.found());
    }
    return text;
  }

  /** Like {@link #text}, but null means absent rather than wrong. */
  Optional<String> optionalText(Value value, String expected) {
    return value.isNull() ? Optional.empty() : text(value, expected);
  }

  /**
   * A boolean. The schema also allows the strings {@code "true"} and {@code "false"} for the flags
   * we read, so those count too.
   */
  Optional<Boolean> bool(Value value) {
    Optional<String> text = Scalars.text(value.node()).map(String::toLowerCase);
    if (text.isPresent() && (text.get().equals("true") || text.get().equals("false"))) {
      return Optional.of(text.get().equals("true"));
    }
    problem(value, "expected true or false, found " + value.found());
    return Optional.empty();
  }

  /**
   * An integer: a YAML integer, or text of decimal digits (the agent accepts {@code "42"} too). A
   * problem naming {@code expected} otherwise.
   */
  Optional<Integer> integer(Value value, String expected) {
    Optional<Integer> number = Scalars.text(value.node()).flatMap(Scalars::parseInt);
    if (number.isEmpty()) {
      problem(value, "expected " + expected + ", found " + value.found());
    }
    return number;
  }

  /** An integer within {@code [min, max]}; a problem naming the range otherwise. */
  Optional<Integer> integer(Value value, String expected, int min, int max) {
    Optional<Integer> number = integer(value, expected);
    if (number.isPresent() && (number.get() < min || number.get() > max)) {
      problem(
          value,
          "expected " + expected + " between " + min + " and " + max + ", found " + number.get());
      return Optional.empty();
    }
    return number;
  }

  /** The value as plain data: maps, lists, strings, longs, doubles, booleans and nulls. */
  Object plain(Value value) {
    return plain.of(value);
  }
}
