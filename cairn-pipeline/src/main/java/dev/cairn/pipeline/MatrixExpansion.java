package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matrix combinations and token substitution (spec §6). Combinations are the cartesian product of
 * the dimensions in order (the first dimension varies slowest), then the adjustments' combinations
 * that are not in the product, in adjustment order; a combination any adjustment skips is removed.
 * Tokens ({@code {{matrix}}}, {@code {{ matrix.os }}}) are replaced only where the spec says: the
 * command, label, env values, plugins and agents.
 */
final class MatrixExpansion {
  private static final Pattern TOKEN =
      Pattern.compile("\\{\\{\\s*matrix(?:\\.([a-zA-Z0-9_]+))?\\s*\\}\\}");

  /** One job's values, and its soft-fail when an adjustment sets one. */
  record Combination(Map<String, String> values, Optional<SoftFail> softFail) {}

  /** A token naming no dimension of the matrix. */
  static final class UnknownToken extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownToken(String token) {
      super("unknown matrix token " + token);
    }
  }

  private MatrixExpansion() {}

  static List<Combination> combinations(Matrix matrix) {
    List<Map<String, String>> product = new ArrayList<>();
    product.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> dimension : matrix.setup().entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : product) {
        for (String element : dimension.getValue()) {
          Map<String, String> values = new LinkedHashMap<>(partial);
          values.put(dimension.getKey(), element);
          next.add(values);
        }
      }
      product = next;
    }
    for (MatrixAdjustment adjustment : matrix.adjustments()) {
      if (!product.contains(adjustment.with()) && !adjustment.skip().skipped()) {
        product.add(new LinkedHashMap<>(adjustment.with()));
      }
    }
    List<Combination> combinations = new ArrayList<>();
    for (Map<String, String> values : product) {
      List<MatrixAdjustment> matching =
          matrix.adjustments().stream().filter(a -> a.with().equals(values)).toList();
      if (matching.stream().noneMatch(a -> a.skip().skipped())) {
        Optional<SoftFail> softFail =
            matching.stream().map(MatrixAdjustment::softFail).filter(SoftFail::isSoft).findFirst();
        combinations.add(new Combination(values, softFail));
      }
    }
    return combinations;
  }

  static String substitute(String text, Map<String, String> values) throws UnknownToken {
    if (values.isEmpty() || !text.contains("{{")) {
      return text;
    }
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) == null ? "" : m.group(1);
      String value = values.get(name);
      if (value == null) {
        throw new UnknownToken(m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static Map<String, String> substitute(Map<String, String> map, Map<String, String> values)
      throws UnknownToken {
    if (values.isEmpty() || map.isEmpty()) {
      return map; // nothing to replace; callers copy or only read
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.put(e.getKey(), substitute(e.getValue(), values));
    }
    return out;
  }

  /** Substitutes in every string of plain data (plugin configs). */
  static Object substituteAll(Object data, Map<String, String> values) throws UnknownToken {
    if (data instanceof String s) {
      return substitute(s, values);
    }
    if (data instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(e.getKey(), substituteAll(e.getValue(), values));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    if (data instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        out.add(substituteAll(item, values));
      }
      return java.util.Collections.unmodifiableList(out);
    }
    return data;
  }
}
