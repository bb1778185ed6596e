package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Evaluates a type-checked {@code if} expression against a build's variables and env. Missing
 * nullable values are {@code null}; {@code =~} on null is false, {@code includes} on null is false,
 * {@code !null} is true. Regex matching runs under a budget of character reads, so catastrophic
 * backtracking ends as an error instead of a hung upload. Stateless apart from that budget.
 */
final class ConditionEvaluator {
  static final int REGEX_BUDGET = 1_000_000;

  /** An expression that could not be evaluated: a regex over its budget. */
  static final class EvaluationError extends Exception {
    private static final long serialVersionUID = 1L;

    EvaluationError(String message) {
      super(message);
    }
  }

  private final Map<String, Object> variables;
  private final Map<String, String> env;

  ConditionEvaluator(Map<String, Object> variables, Map<String, String> env) {
    this.variables = variables;
    this.env = env;
  }

  boolean test(Expr expr) throws EvaluationError {
    return Boolean.TRUE.equals(eval(expr));
  }

  private Object eval(Expr expr) throws EvaluationError {
    return switch (expr) {
      case Expr.Literal l -> l.value();
      case Expr.Regex r -> r.pattern();
      case Expr.Array a -> {
        List<Object> items = new ArrayList<>();
        for (Expr item : a.items()) {
          items.add(eval(item));
        }
        yield items;
      }
      case Expr.Substitution s -> substitute(s.text());
      case Expr.Variable v -> variables.get(v.name());
      case Expr.Call c -> call(c);
      case Expr.Not n -> !Boolean.TRUE.equals(eval(n.operand()));
      case Expr.Binary b -> binary(b);
      case Expr.Ternary t ->
          Boolean.TRUE.equals(eval(t.condition())) ? eval(t.then()) : eval(t.otherwise());
    };
  }

  private String substitute(String text) {
    try {
      return Interpolation.apply(text, env);
    } catch (Interpolation.Failure e) {
      return "";
    }
  }

  private Object call(Expr.Call c) throws EvaluationError {
    Object name = eval(c.args().get(0));
    String value = name == null ? null : env.get(name.toString());
    return c.function().equals("env") && value == null ? "" : value;
  }

  private Object binary(Expr.Binary b) throws EvaluationError {
    return switch (b.op()) {
      case "&&" -> Boolean.TRUE.equals(eval(b.left())) && Boolean.TRUE.equals(eval(b.right()));
      case "||" -> Boolean.TRUE.equals(eval(b.left())) || Boolean.TRUE.equals(eval(b.right()));
      case "==" -> Objects.equals(eval(b.left()), eval(b.right()));
      case "!=" -> !Objects.equals(eval(b.left()), eval(b.right()));
      case "=~" -> matches(eval(b.left()), eval(b.right()));
      case "!~" -> !matches(eval(b.left()), eval(b.right()));
      default -> includes(eval(b.left()), eval(b.right()));
    };
  }

  private static boolean includes(Object array, Object needle) throws EvaluationError {
    if (!(array instanceof List<?> items) || needle == null) {
      return false;
    }
    for (Object item : items) {
      if (needle instanceof Pattern p ? matches(item, p) : needle.equals(item)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Object text, Object pattern) throws EvaluationError {
    if (text == null || !(pattern instanceof Pattern p)) {
      return false;
    }
    try {
      return p.matcher(new Budgeted(text.toString(), new int[] {REGEX_BUDGET})).find();
    } catch (Budgeted.Exhausted e) {
      throw new EvaluationError("the regex /" + p.pattern() + "/ took too long to match");
    }
  }

  /** Text that counts character reads and stops the matcher when they run out. */
  private static final class Budgeted implements CharSequence {
    private final String text;
    private final int[] left;

    Budgeted(String text, int[] left) {
      this.text = text;
      this.left = left;
    }

    static final class Exhausted extends RuntimeException {
      private static final long serialVersionUID = 1L;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.substring(start, end), left);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
