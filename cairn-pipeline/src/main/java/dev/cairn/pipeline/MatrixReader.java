package dev.cairn.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code matrix}: a list (one anonymous dimension), or {@code {setup, adjustments}} where
 * {@code setup} is a list or a mapping of named dimensions. Checks the per-step limits that do not
 * need expansion: 6 dimensions, 25 elements per dimension, 128 bytes per name or element, 12
 * adjustments, and that every adjustment names every dimension. An anonymous adjustment's {@code
 * with} may be a scalar or, as the schema allows and go-pipeline does not, a one-item list; we
 * accept both.
 */
final class MatrixReader {
  static final int MAX_DIMENSIONS = 6;
  static final int MAX_ELEMENTS = 25;
  static final int MAX_BYTES = 128;
  static final int MAX_ADJUSTMENTS = 12;
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_]+");

  private MatrixReader() {}

  static Optional<Matrix> read(Document doc, Value value) {
    if (value.isNull()) {
      return Optional.empty();
    }
    if (value.node() instanceof SequenceNode) {
      return Optional.of(new Matrix(Map.of("", elements(doc, value)), List.of()));
    }
    Optional<Fields> fields = doc.mapping(value, "a list of elements or {setup, adjustments}");
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<Value> setupValue = fields.get().get("setup");
    if (setupValue.isEmpty()) {
      doc.problem(value, "expected a matrix with \"setup\", found none");
      return Optional.empty();
    }
    Map<String, List<String>> setup = setup(doc, setupValue.get());
    List<MatrixAdjustment> adjustments =
        fields.get().get("adjustments").map(v -> adjustments(doc, v, setup)).orElse(List.of());
    return Optional.of(new Matrix(setup, adjustments));
  }

  private static Map<String, List<String>> setup(Document doc, Value value) {
    Map<String, List<String>> setup = new LinkedHashMap<>();
    if (value.node() instanceof SequenceNode) {
      setup.put("", elements(doc, value));
      return setup;
    }
    doc.mapping(value, "a list of elements or a mapping of dimensions to elements")
        .ifPresent(f ->
            f.entries()
                .forEach((name, v) -> {
                  if (!NAME.matcher(name).matches()) {
                    doc.problem(
                        v,
                        "expected a dimension name of letters, digits and _, found \""
                            + name
                            + "\"");
                  } else if (tooLong(doc, v, name)) {
                    return;
                  }
                  setup.put(name, elements(doc, v));
                }));
    if (setup.size() > MAX_DIMENSIONS) {
      doc.problem(
          value,
          "expected at most " + MAX_DIMENSIONS + " matrix dimensions, found " + setup.size());
    }
    if (setup.isEmpty()) {
      doc.problem(value, "expected at least one matrix dimension, found none");
    }
    return setup;
  }

  private static List<String> elements(Document doc, Value value) {
    List<String> elements = new ArrayList<>();
    for (Value item : doc.list(value, "a list of matrix elements").orElse(List.of())) {
      doc.text(item, "a matrix element (a string, number or boolean)")
          .filter(text -> !tooLong(doc, item, text))
          .ifPresent(elements::add);
    }
    if (elements.size() > MAX_ELEMENTS) {
      doc.problem(
          value,
          "expected at most "
              + MAX_ELEMENTS
              + " elements in a matrix dimension, found "
              + elements.size());
    }
    return elements;
  }

  private static boolean tooLong(Document doc, Value at, String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      doc.problem(
          at, "expected a matrix element of at most " + MAX_BYTES + " bytes, found " + bytes);
      return true;
    }
    return false;
  }

  private static List<MatrixAdjustment> adjustments(
      Document doc, Value value, Map<String, List<String>> setup) {
    List<Value> items = doc.list(value, "a list of adjustments").orElse(List.of());
    if (items.size() > MAX_ADJUSTMENTS) {
      doc.problem(
          value,
          "expected at most " + MAX_ADJUSTMENTS + " matrix adjustments, found " + items.size());
    }
    List<MatrixAdjustment> adjustments = new ArrayList<>();
    for (Value item : items) {
      doc.mapping(item, "an adjustment {with, skip, soft_fail}")
          .flatMap(f -> adjustment(doc, item, f, setup))
          .ifPresent(adjustments::add);
    }
    return adjustments;
  }

  private static Optional<MatrixAdjustment> adjustment(
      Document doc, Value item, Fields f, Map<String, List<String>> setup) {
    Optional<Value> with = f.get("with");
    if (with.isEmpty()) {
      doc.problem(item, "expected an adjustment with \"with\", found none");
      return Optional.empty();
    }
    Optional<Map<String, String>> combination = with(doc, with.get(), setup);
    Skip skip = f.get("skip").map(v -> Skips.read(doc, v)).orElse(Skip.NONE);
    SoftFail softFail = f.get("soft_fail").map(v -> SoftFails.read(doc, v)).orElse(SoftFail.NONE);
    return combination.map(c -> new MatrixAdjustment(c, skip, softFail));
  }

  private static Optional<Map<String, String>> with(
      Document doc, Value value, Map<String, List<String>> setup) {
    boolean anonymous = setup.containsKey("");
    if (anonymous) {
      Value element = value;
      if (value.node() instanceof SequenceNode) {
        List<Value> items = doc.list(value, "a matrix element").orElseThrow();
        if (items.size() != 1) {
          doc.problem(value, "expected one matrix element, found a list of " + items.size());
          return Optional.empty();
        }
        element = items.get(0);
      }
      return doc.text(element, "a matrix element").map(text -> Map.of("", text));
    }
    if (!(value.node() instanceof MappingNode)) {
      doc.problem(
          value,
          "expected a mapping naming every dimension "
              + setup.keySet()
              + ", found "
              + value.found());
      return Optional.empty();
    }
    Map<String, String> combination = new LinkedHashMap<>();
    doc.mapping(value, "a mapping of dimensions to elements")
        .orElseThrow()
        .entries()
        .forEach(
            (name, v) -> doc.text(v, "a matrix element").ifPresent(t -> combination.put(name, t)));
    if (!combination.keySet().equals(setup.keySet())) {
      doc.problem(
          value,
          "expected an adjustment naming every dimension "
              + setup.keySet()
              + ", found "
              + combination.keySet());
      return Optional.empty();
    }
    return Optional.of(combination);
  }
}
